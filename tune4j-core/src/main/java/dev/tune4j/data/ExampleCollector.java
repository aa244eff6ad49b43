package dev.tune4j.data;

import com.google.gson.JsonElement;
import dev.tune4j.Tune4jException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gathers rows into a {@link Dataset}: checks text and labels per row, and assigns label ids from the
 * fixed label map, or at the end from all labels seen.
 */
final class ExampleCollector implements RowSink {

    private final String file;
    private final DataOptions options;
    private final List<String> texts = new ArrayList<>();
    private final List<List<String>> labelNames = new ArrayList<>();
    private final Map<String, Integer> fixedIds;

    ExampleCollector(String file, DataOptions options) {
        this.file = file;
        this.options = options;
        this.fixedIds = options.fixedLabelMap().map(LabelMap::index).orElse(null);
    }

    @Override
    public void accept(Where at, List<JsonElement> cells) {
        texts.add(TextCell.text(at, cells.get(0), options));
        List<String> names = LabelCell.names(at, cells.get(1), options);
        if (fixedIds != null) {
            for (String name : names) {
                if (!fixedIds.containsKey(name)) {
                    throw at.error("label '" + name + "' is not one the model knows "
                            + options.fixedLabels().describe());
                }
            }
        }
        labelNames.add(names);
    }

    /** More labels than this is a wrong --label-column (an id or a text), not a classification task. */
    static final int MAX_LABELS = 10_000;

    Dataset build() {
        Set<String> all = allNames();
        if (options.fixedLabelMap().isEmpty() && all.size() > MAX_LABELS) {
            throw new Tune4jException(String.format("%s: %,d distinct labels in '%s', over the limit of %,d; is "
                    + "--label-column the label?", file, all.size(), options.labelColumn(), MAX_LABELS));
        }
        LabelMap labelMap = options.fixedLabelMap().orElseGet(() -> LabelMap.infer(all));
        Map<String, Integer> ids = labelMap.index();
        List<int[]> labels = new ArrayList<>(labelNames.size());
        for (List<String> names : labelNames) {
            labels.add(names.stream().mapToInt(ids::get).distinct().sorted().toArray());
        }
        int[] rowIds = new int[texts.size()];
        Arrays.setAll(rowIds, i -> i);
        return new Dataset(texts, labels, labelMap, options.multiLabel(), rowIds, file);
    }

    private Set<String> allNames() {
        Set<String> all = new HashSet<>();
        labelNames.forEach(all::addAll);
        return all;
    }
}
