package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.function.BiConsumer;

/** A lookup table {@code weight} (rows, H): ids (B, T) → vectors (B, T, H). */
public final class EmbeddingTable extends Module {

    private final int rows;
    private final int dim;
    private final Parameter weight;

    public EmbeddingTable(int rows, int dim, float initStd) {
        this.rows = rows;
        this.dim = dim;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(initStd)).build());
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    protected void declareShapes(BiConsumer<Parameter, Shape> sink) {
        sink.accept(weight, new Shape(rows, dim));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        return Embedding.embedding(ids, ps.getValue(weight, ids.getDevice(), training), SparseFormat.DENSE);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dim)};
    }
}
