package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.function.BiConsumer;

/** {@code y = x·Wᵀ + b} with {@code weight} (out, in) and {@code bias} (out), as in torch.nn.Linear. */
public final class Dense extends Module {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    public Dense(int in, int out, float initStd) {
        this.in = in;
        this.out = out;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(initStd)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    protected void declareShapes(BiConsumer<Parameter, Shape> sink) {
        sink.accept(weight, new Shape(out, in));
        sink.accept(bias, new Shape(out));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return Linear.linear(x, ps.getValue(weight, x.getDevice(), training), ps.getValue(bias, x.getDevice(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
    }
}
