package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.tune4j.engine.Autocast;
import java.util.function.BiConsumer;

/**
 * {@code y = x·Wᵀ + b} with {@code weight} (out, in) and {@code bias} (out), as in torch.nn.Linear; the
 * bias may be left out (LoRA's A and B have none). Inside an {@link Autocast} scope a training forward
 * multiplies in bf16.
 */
public final class Dense extends Module {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    public Dense(int in, int out, float initStd) {
        this(in, out, new NormalInitializer(initStd), true);
    }

    /** New weights come from {@code init}; a bias, when present, starts at zero. */
    public Dense(int in, int out, Initializer init, boolean withBias) {
        this.in = in;
        this.out = out;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(init).build());
        bias = withBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build()) : null;
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

    /** The bias, or null when built without one. */
    public Parameter bias() {
        return bias;
    }

    @Override
    protected void declareShapes(BiConsumer<Parameter, Shape> sink) {
        sink.accept(weight, new Shape(out, in));
        if (bias != null) {
            sink.accept(bias, new Shape(out));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        if (training && Autocast.active()) {
            return new NDList(Autocast.linear(x, w, b));
        }
        return Linear.linear(x, w, b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
    }
}
