package dev.tune4j.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.tune4j.Tune4jException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Label names and their ids: the id of a label is its index in {@code names}, as in the
 * {@code id2label} of a Hugging Face {@code config.json}.
 */
public record LabelMap(List<String> names) {

    /** By value, then by spelling, so "01" and "1" stay two labels rather than collapsing in a TreeSet. */
    private static final Comparator<String> NUMERIC =
            Comparator.<String, BigInteger>comparing(BigInteger::new).thenComparing(Comparator.naturalOrder());

    public LabelMap {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("a label map needs at least one label, got " + names);
        }
        names = List.copyOf(names);
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("blank label name in " + names);
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("label '" + name + "' appears twice in " + names);
            }
        }
    }

    /**
     * The labels that occur in {@code rawLabels}, each once: integers in numeric order when every label
     * is an integer (so "10" follows "9" and ids match the numbers 0..n-1 of a typical data set), else
     * strings in lexicographic ({@link String#compareTo}) order.
     */
    public static LabelMap infer(Collection<String> rawLabels) {
        Set<String> distinct = new HashSet<>(rawLabels);
        boolean allIntegers = distinct.stream().allMatch(LabelMap::isInteger);
        TreeSet<String> sorted = new TreeSet<>(allIntegers ? NUMERIC : Comparator.naturalOrder());
        sorted.addAll(distinct);
        return new LabelMap(List.copyOf(sorted));
    }

    /** Reads the {@code id2label} object of a Hugging Face config: keys "0".."n-1", string values. */
    public static LabelMap fromId2Label(JsonObject id2label) {
        String[] names = new String[id2label.size()];
        for (Map.Entry<String, JsonElement> entry : id2label.entrySet()) {
            int id = parseId(entry.getKey(), id2label);
            if (id < 0 || id >= names.length || names[id] != null) {
                throw new Tune4jException("id2label must have the keys 0.." + (names.length - 1)
                        + " once each, got " + id2label.keySet());
            }
            JsonElement value = entry.getValue();
            if (!value.isJsonPrimitive()) {
                throw new Tune4jException("id2label[" + id + "] must be a string, got " + value);
            }
            names[id] = value.getAsString();
        }
        try {
            return new LabelMap(List.of(names));
        } catch (IllegalArgumentException e) {
            throw new Tune4jException("id2label " + id2label + ": " + e.getMessage(), e);
        }
    }

    public int size() {
        return names.size();
    }

    public String name(int id) {
        if (id < 0 || id >= names.size()) {
            throw new IllegalArgumentException("label id " + id + " is outside 0.." + (names.size() - 1));
        }
        return names.get(id);
    }

    public boolean contains(String name) {
        return names.contains(name);
    }

    /** The id of {@code name}; an unknown label is a user error that lists the known ones. */
    public int id(String name) {
        int id = names.indexOf(name);
        if (id < 0) {
            throw new Tune4jException("label '" + name + "' is not one of " + describe());
        }
        return id;
    }

    /** The known labels for messages: "(neg, pos)". */
    public String describe() {
        return "(" + String.join(", ", names) + ")";
    }

    /** {@code {"0": "neg", "1": "pos"}}, as in a Hugging Face config. */
    public JsonObject id2label() {
        JsonObject json = new JsonObject();
        for (int id = 0; id < names.size(); id++) {
            json.addProperty(Integer.toString(id), names.get(id));
        }
        return json;
    }

    /** {@code {"neg": 0, "pos": 1}}, as in a Hugging Face config. */
    public JsonObject label2id() {
        JsonObject json = new JsonObject();
        for (int id = 0; id < names.size(); id++) {
            json.add(names.get(id), new JsonPrimitive(id));
        }
        return json;
    }

    /**
     * Name to id as a hash map, for readers that look up every row: {@link #id} scans the list, which
     * is fine once but not a million times over a thousand labels, and a record cannot cache it.
     */
    Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>(names.size() * 2);
        for (int id = 0; id < names.size(); id++) {
            index.put(names.get(id), id);
        }
        return index;
    }

    private static boolean isInteger(String label) {
        return label.matches("-?\\d+");
    }

    private static int parseId(String key, JsonObject id2label) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new Tune4jException("id2label keys must be integers, got '" + key + "' in " + id2label, e);
        }
    }
}
