package dev.tune4j.data;

import com.google.gson.JsonElement;
import java.util.List;

/**
 * Receives the requested cells of each data row. CSV cells arrive as JSON strings, so that labels
 * from every format go through one normalisation path.
 */
@FunctionalInterface
interface RowSink {

    /** @param cells one per requested {@link Column}, in that order; never null */
    void accept(Where where, List<JsonElement> cells);
}
