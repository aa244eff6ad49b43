package dev.tune4j.serve;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The served models by name; the first one answers the routes without a {@code /{name}} prefix. */
final class Models implements AutoCloseable {

    private final Map<String, ServedModel> byName = new LinkedHashMap<>();

    void add(ServedModel model) {
        if (byName.putIfAbsent(model.name(), model) != null) {
            model.close();
            throw new IllegalArgumentException("two --model arguments are named '" + model.name()
                    + "'; name them apart with --model name=DIR");
        }
    }

    ServedModel first() {
        return byName.values().iterator().next();
    }

    /** The model named {@code name}, or the first for null; 404 for a name that is not served. */
    ServedModel select(String name) {
        if (name == null || name.isEmpty()) {
            return first();
        }
        ServedModel m = byName.get(name);
        if (m == null) {
            throw new ApiError(ErrorType.Validation, 404, "model '" + name + "' is not served here; served: "
                    + String.join(", ", byName.keySet()), "model_not_found");
        }
        return m;
    }

    Collection<ServedModel> all() {
        return byName.values();
    }

    @Override
    public void close() {
        byName.values().forEach(ServedModel::close);
    }
}
