package dev.tune4j.model;

import ai.djl.nn.Block;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.tune4j.checkpoint.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Deterministic weights for a tiny BERT; bench/parity/tiny_fixture.py evaluates the same formula. */
public final class TinyFixture {

    private TinyFixture() {}

    /** A checkpoint holding every parameter of {@code block}, keyed as {@code prefix + key}. */
    static Map<String, HostTensor> checkpointFor(Block block, String prefix) {
        Map<Parameter, Shape> shapes = Module.declaredShapes(block);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        ParameterNames.of(block).forEach((key, p) -> {
            Shape shape = shapes.get(p);
            out.put(prefix + key, HostTensor.ofFloats(shape.getShape(), values(key, Math.toIntExact(shape.size()))));
        });
        return out;
    }

    public static float[] values(String key, int n) {
        int s = 0;
        for (int i = 0; i < key.length(); i++) {
            s += (i + 1) * key.charAt(i);
        }
        s %= 997;
        double base = key.endsWith("LayerNorm.weight") || key.endsWith("layer_norm.weight") ? 1.0 : 0.0;
        float[] v = new float[n];
        for (int j = 0; j < n; j++) {
            v[j] = (float) (base + 0.08 * Math.sin(0.731 * j + 0.1 * s));
        }
        return v;
    }
}
