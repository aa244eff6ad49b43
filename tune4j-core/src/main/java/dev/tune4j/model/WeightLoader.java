package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.DType;
import dev.tune4j.checkpoint.HostTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Puts checkpoint tensors into a block's parameters through {@link ParameterNames}.
 *
 * <p>float32 tensors backed by a memory map become NDArrays over the same memory ({@code from_blob}),
 * so a 440 MB checkpoint is not copied onto the heap and then again into libtorch. That memory is a
 * read-only mapping: whoever updates parameters in place (an optimizer) must first give them their own
 * storage with {@link #detachFromFile(Parameter)}. Other float types
 * are widened to float32 on the way: tune4j never creates a bfloat16 NDArray, which aborts the JVM in
 * DJL 0.36.
 */
public final class WeightLoader {

    /**
     * What a model expects of a checkpoint.
     *
     * @param keyPrefix prepended to the model's own keys to find them in the checkpoint ("" or "bert.")
     * @param newlyInitialised model keys that a pretrained checkpoint is not expected to have
     * @param unused checkpoint keys that the model knowingly ignores
     */
    public record Expectations(String keyPrefix, Predicate<String> newlyInitialised, Predicate<String> unused) {

        public static Expectations exact() {
            return new Expectations("", k -> false, k -> false);
        }
    }

    private WeightLoader() {}

    /**
     * Loads what matches and reports the rest; throws unless the report is {@linkplain LoadReport#clean()
     * clean}. Arrays are owned by {@code manager}.
     */
    public static LoadReport load(Block block, Map<String, HostTensor> checkpoint, NDManager manager,
                                  Expectations expect, String source) {
        LoadReport report = loadLenient(block, checkpoint, manager, expect);
        if (!report.clean()) {
            throw new Tune4jException(source + ": checkpoint does not fit the model: " + report.summary());
        }
        return report;
    }

    public static LoadReport loadLenient(Block block, Map<String, HostTensor> checkpoint, NDManager manager,
                                         Expectations expect) {
        Map<String, Parameter> params = ParameterNames.of(block);
        Map<Parameter, Shape> shapes = Module.declaredShapes(block);
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String key = expect.keyPrefix() + e.getKey();
            HostTensor t = checkpoint.get(key);
            if (t == null) {
                missing.add(key);
                continue;
            }
            Parameter p = e.getValue();
            Shape expected = shapes.get(p);
            if (expected == null || !Arrays.equals(expected.getShape(), t.shape())) {
                mismatched.add(key + ": checkpoint " + Arrays.toString(t.shape()) + " vs model " + expected);
                continue;
            }
            p.close();
            // DJL's setArray refuses a parameter whose shape was already declared.
            p.setShape(null);
            p.setArray(toNDArray(t, manager));
            loaded.add(key);
        }
        List<String> unexpected = checkpoint.keySet().stream()
                .filter(k -> !k.startsWith(expect.keyPrefix()) || !params.containsKey(k.substring(expect.keyPrefix().length())))
                .toList();
        return new LoadReport(loaded, missing, unexpected, mismatched,
                missing.stream().filter(expect.newlyInitialised()).toList(),
                unexpected.stream().filter(expect.unused()).toList());
    }

    /** Replaces a memory-mapped parameter array by a private copy that may be written in place. */
    public static void detachFromFile(Parameter p) {
        NDArray mapped = p.getArray();
        NDArray copy = mapped.duplicate();
        copy.setRequiresGradient(p.requiresGradient());
        p.close();
        p.setShape(null);
        p.setArray(copy);
    }

    static NDArray toNDArray(HostTensor t, NDManager manager) {
        Shape shape = new Shape(t.shape());
        if (t.dtype() == DType.F32 && t.data().isDirect()) {
            // slice(): JNI reads the buffer's base address and ignores its position.
            return manager.create(t.data().slice(), shape, DataType.FLOAT32);
        }
        return switch (t.dtype()) {
            case F32, F16, BF16, F64 -> manager.create(t.toFloatArray(), shape);
            default -> throw new Tune4jException("Tensor of type " + t.dtype() + " cannot be a float parameter");
        };
    }

}
