package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack of layers, checkpoint keys {@code layer.0 … layer.L-1}. In: (B, T, H) and, if anything is
 * padded, the mask bias (B, 1, 1, T).
 *
 * <p>Each layer runs in its own {@link NDScope}: the dozen intermediates a layer creates are released
 * as soon as it returns (autograd keeps its own references to what backward needs). Without this the
 * JVM holds every intermediate until the caller's manager closes, which tripled forward memory.
 */
public final class BertEncoder extends Module {

    private final List<BertLayer> layers = new ArrayList<>();

    public BertEncoder(BertConfig config, Additions additions) {
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(addChildBlock("layer." + i, new BertLayer(config, additions)));
        }
    }

    public List<BertLayer> layers() {
        return List.copyOf(layers);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null; // absent when nothing is padded
        for (BertLayer layer : layers) {
            NDArray next;
            try (NDScope scope = new NDScope()) {
                NDList layerInputs = mask == null ? new NDList(x) : new NDList(x, mask);
                next = layer.forward(ps, layerInputs, training).singletonOrThrow();
                NDScope.unregister(next);
            }
            if (x != inputs.get(0)) {
                x.close();
            }
            x = next;
        }
        return new NDList(x); // (B, T, H)
    }
}
