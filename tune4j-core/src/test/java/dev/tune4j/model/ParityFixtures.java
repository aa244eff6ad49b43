package dev.tune4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;

/** Reading the transformers fixtures of the parity tests (bench/parity/*_fixture.py) and comparing against them. */
final class ParityFixtures {

    /** What both tiny-config parity tests allow: float32 rounding over a few layers, well below any real bug. */
    static final double TOL = 2e-5;

    private ParityFixtures() {}

    /** A fixture's rows of ids (input ids, type ids, masks) as a (B, T) int64 array. */
    static NDArray ints(NDManager manager, JsonArray rows) {
        long[][] v = new long[rows.size()][];
        for (int i = 0; i < v.length; i++) {
            JsonArray r = rows.get(i).getAsJsonArray();
            v[i] = new long[r.size()];
            for (int j = 0; j < v[i].length; j++) {
                v[i][j] = r.get(j).getAsLong();
            }
        }
        return manager.create(v);
    }

    /** Every element of {@code actual} within {@link #TOL} of the fixture's flattened {@code expected}. */
    static void assertClose(JsonArray expected, NDArray actual) {
        float[] got = actual.toFloatArray();
        assertEquals(expected.size(), got.length, "element count");
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected.get(i).getAsDouble()));
        }
        assertTrue(worst < TOL, "max |diff| " + worst + " ≥ " + TOL);
    }
}
