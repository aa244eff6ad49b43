package dev.tune4j.model;

import java.util.List;

/**
 * What happened when a checkpoint met a model.
 *
 * @param loaded keys whose tensors went into the model
 * @param missing keys the model has and the checkpoint lacks (left at their fresh initialisation)
 * @param unexpected keys the checkpoint has and the model does not use
 * @param mismatched "key: checkpoint (a, b) vs model (c, d)" for shape conflicts
 * @param expectedMissing the subset of {@code missing} that the model declared new (e.g. an untrained head)
 * @param expectedUnused the subset of {@code unexpected} that the model declared irrelevant (e.g. cls.* for a backbone)
 */
public record LoadReport(
        List<String> loaded,
        List<String> missing,
        List<String> unexpected,
        List<String> mismatched,
        List<String> expectedMissing,
        List<String> expectedUnused) {

    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
        expectedMissing = List.copyOf(expectedMissing);
        expectedUnused = List.copyOf(expectedUnused);
    }

    /** True when nothing surprising happened: every gap and every leftover was declared. */
    public boolean clean() {
        return mismatched.isEmpty()
                && missing.size() == expectedMissing.size()
                && unexpected.size() == expectedUnused.size();
    }

    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(loaded.size()).append(" tensors loaded");
        if (!expectedMissing.isEmpty()) {
            sb.append(", ").append(expectedMissing.size()).append(" newly initialised as expected (")
                    .append(abbreviate(expectedMissing)).append(')');
        }
        if (!expectedUnused.isEmpty()) {
            sb.append(", ").append(expectedUnused.size()).append(" unused as expected (")
                    .append(abbreviate(expectedUnused)).append(')');
        }
        List<String> surpriseMissing = missing.stream().filter(k -> !expectedMissing.contains(k)).toList();
        List<String> surpriseUnused = unexpected.stream().filter(k -> !expectedUnused.contains(k)).toList();
        if (!surpriseMissing.isEmpty()) {
            sb.append("; MISSING from the checkpoint: ").append(abbreviate(surpriseMissing));
        }
        if (!surpriseUnused.isEmpty()) {
            sb.append("; UNEXPECTED in the checkpoint: ").append(abbreviate(surpriseUnused));
        }
        if (!mismatched.isEmpty()) {
            sb.append("; SHAPE MISMATCH: ").append(abbreviate(mismatched));
        }
        return sb.toString();
    }

    private static String abbreviate(List<String> keys) {
        return keys.size() <= 4 ? String.join(", ", keys)
                : String.join(", ", keys.subList(0, 3)) + " and " + (keys.size() - 3) + " more";
    }
}
