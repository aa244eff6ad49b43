package dev.tune4j.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Base of every tune4j block. Parameter shapes follow from the config, never from the input, so
 * children are initialised with whatever shapes the caller passes and only parameters that were not
 * loaded from a checkpoint get fresh values.
 *
 * <p>Dimension letters used in shape comments: B batch, T tokens, H hidden, N heads, D head size
 * (H / N), I intermediate, V vocabulary.
 */
public abstract class Module extends AbstractBlock {

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    /** Leaves declare the shape of each direct parameter here; shapes follow from the config alone. */
    protected void declareShapes(BiConsumer<Parameter, Shape> sink) {}

    @Override
    protected final void prepare(Shape[] inputShapes) {
        declareShapes((p, shape) -> {
            if (!p.isInitialized()) {
                p.setShape(shape);
            }
        });
    }

    /** The shape every parameter under {@code root} will have, without allocating anything. */
    public static Map<Parameter, Shape> declaredShapes(Block root) {
        Map<Parameter, Shape> out = new IdentityHashMap<>();
        collectShapes(root, out);
        return out;
    }

    private static void collectShapes(Block block, Map<Parameter, Shape> out) {
        if (block instanceof Module m) {
            m.declareShapes(out::put);
        }
        for (Block child : block.getChildren().values()) {
            collectShapes(child, out);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** Shorthand for a child's single output. */
    protected static ai.djl.ndarray.NDArray call(
            Block block, ParameterStore ps, boolean training, ai.djl.ndarray.NDArray... inputs) {
        return block.forward(ps, new NDList(inputs), training).singletonOrThrow();
    }

    @Override
    protected abstract NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params);
}
