package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.BiConsumer;

/**
 * Layer normalisation over the last axis (H) with {@code weight} and {@code bias}, named as in
 * Hugging Face checkpoints (DJL's own block calls them gamma and beta and normalises all axes unless
 * told otherwise).
 */
public final class LayerNorm extends Module {

    private final int size;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(int size, float eps) {
        this.size = size;
        this.eps = eps;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA).build());
    }

    @Override
    protected void declareShapes(BiConsumer<Parameter, Shape> sink) {
        sink.accept(weight, new Shape(size));
        sink.accept(bias, new Shape(size));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        return x.getNDArrayInternal().layerNorm(x, new Shape(size), w, b, eps);
    }
}
