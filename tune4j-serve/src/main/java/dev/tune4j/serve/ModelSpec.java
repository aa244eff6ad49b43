package dev.tune4j.serve;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code --model} argument: {@code NAME|DIR}, or {@code name=NAME|DIR} to serve it under a name of one's own
 * (the {@code /{name}/…} prefix and the OpenAI {@code "model"} field select it).
 *
 * @param name how clients select the model
 * @param source a catalogue name, a Hugging Face directory, a classifier's model directory or its run directory
 */
public record ModelSpec(String name, String source) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ModelSpec {
        Objects.requireNonNull(source, "source");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-' "
                    + "(it becomes a URL prefix); give one with --model name=DIR");
        }
        if (source.isBlank()) {
            throw new IllegalArgumentException("--model " + name + "= names no model directory");
        }
    }

    /** Parses {@code name=source}, or {@code source} named after its last path element ("model" → the run's). */
    public static ModelSpec parse(String arg) {
        int eq = arg.indexOf('=');
        if (eq > 0) {
            return new ModelSpec(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String[] parts = arg.replaceAll("/+$", "").split("/");
        String last = parts[parts.length - 1];
        if (last.equals("model") && parts.length > 1) {
            last = parts[parts.length - 2];
        }
        return new ModelSpec(last.isEmpty() ? "model" : last, arg);
    }
}
