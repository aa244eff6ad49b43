package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.engine.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack of layers, checkpoint keys {@code layer.0 … layer.L-1}. In: (B, T, H) and, if anything is
 * padded, the mask bias (B, 1, 1, T). Out: (B, T, H), or (B, P, H) when the forward's params name P positions
 * per row ({@link BertModel#forwardAt}), which only the last layer narrows to.
 *
 * <p>Each layer runs in its own {@link NDScope}: the dozen intermediates a layer creates are released
 * as soon as it returns (autograd keeps its own references to what backward needs). Without this the
 * JVM holds every intermediate until the caller's manager closes, which tripled forward memory.
 */
public final class BertEncoder extends Module {

    private final BertConfig config;
    private final List<BertLayer> layers = new ArrayList<>();
    private Bf16Encoder bf16;

    public BertEncoder(BertConfig config, Additions additions) {
        this.config = config;
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(addChildBlock("layer." + i, new BertLayer(config, additions)));
        }
    }

    public List<BertLayer> layers() {
        return List.copyOf(layers);
    }

    /**
     * Runs inference forwards in {@code precision} from now on. BF16 copies the current weights to bf16
     * (call it after loading; FP32 releases the copy); training forwards stay fp32. Takes a resolved
     * precision ({@link Precision#resolve}), never AUTO.
     */
    public void runIn(Precision precision) {
        if (precision == Precision.AUTO) {
            throw new IllegalArgumentException("Resolve AUTO first with Precision.resolve");
        }
        if (bf16 != null) {
            bf16.close();
            bf16 = null;
        }
        if (precision == Precision.BF16) {
            bf16 = Bf16Encoder.of(config, layers);
        }
    }

    /** FP32, or BF16 while a bf16 copy of the weights is in use. */
    public Precision precision() {
        return bf16 == null ? Precision.FP32 : Precision.BF16;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null; // absent when nothing is padded
        if (bf16 != null && !training) {
            return new NDList(bf16.forward(x, mask, BertModel.lastLayerRows(params))); // (B, T or P, H)
        }
        for (int i = 0; i < layers.size(); i++) {
            NDArray next;
            try (NDScope scope = new NDScope()) {
                NDList layerInputs = mask == null ? new NDList(x) : new NDList(x, mask);
                next = layers.get(i).forward(ps, layerInputs, training, i == layers.size() - 1 ? params : null)
                        .singletonOrThrow();
                NDScope.unregister(next);
            }
            if (x != inputs.get(0)) {
                x.close();
            }
            x = next;
        }
        return new NDList(x); // (B, T or P, H)
    }
}
