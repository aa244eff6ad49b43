package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.tune4j.config.BertConfig;
import dev.tune4j.engine.Bf16Torch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A bf16 copy of the encoder's weights and the same forward as {@link BertLayer} over them, run by
 * libtorch through JavaCPP ({@link Bf16Torch}). Activations stay bf16 from the first layer to the last;
 * in and out are fp32 DJL arrays, so DJL never holds a bf16 tensor. Inference only: the copy is taken
 * once and does not follow later changes of the fp32 weights.
 */
final class Bf16Encoder implements AutoCloseable {

    /** Per-layer weights, in this order; names as the layer's parameters without DJL's "NN" prefixes. */
    static final List<String> WEIGHTS = List.of(
            "attention_self_query_weight", "attention_self_query_bias",
            "attention_self_key_weight", "attention_self_key_bias",
            "attention_self_value_weight", "attention_self_value_bias",
            "attention_output_dense_weight", "attention_output_dense_bias",
            "attention_output_LayerNorm_weight", "attention_output_LayerNorm_bias",
            "intermediate_dense_weight", "intermediate_dense_bias",
            "output_dense_weight", "output_dense_bias",
            "output_LayerNorm_weight", "output_LayerNorm_bias");

    private final BertConfig config;
    private final Tensor[][] layers;

    private Bf16Encoder(BertConfig config, Tensor[][] layers) {
        this.config = config;
        this.layers = layers;
    }

    /**
     * Copies the layers' weights to bf16. Plain layers only: adapters and unmerged LoRA have more
     * parameters than {@link #WEIGHTS}, and such an encoder is refused with the names that differ.
     */
    static Bf16Encoder of(BertConfig config, List<BertLayer> bertLayers) {
        Tensor[][] layers = new Tensor[bertLayers.size()][];
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            for (int l = 0; l < layers.length; l++) {
                Map<String, NDArray> byName = new HashMap<>();
                for (Pair<String, Parameter> p : bertLayers.get(l).getParameters()) {
                    byName.put(p.getKey().replaceAll("(^|_)\\d\\d", "$1"), p.getValue().getArray());
                }
                if (!byName.keySet().equals(Set.copyOf(WEIGHTS))) {
                    throw new UnsupportedOperationException("bf16 runs plain BERT layers only; layer " + l + " has "
                            + new TreeSet<>(byName.keySet()));
                }
                layers[l] = new Tensor[WEIGHTS.size()];
                for (int i = 0; i < WEIGHTS.size(); i++) {
                    layers[l][i] = Bf16Torch.view(byName.get(WEIGHTS.get(i))).detach().to(ScalarType.BFloat16);
                    layers[l][i].retainReference(); // outlives the scope; released by close()
                }
            }
        }
        return new Bf16Encoder(config, layers);
    }

    /**
     * x (B, T, H) fp32, maskBias (B, 1, 1, T) fp32 or null when nothing is padded -> (B, T, H) fp32, owned by x's
     * manager; (B, P, H) when {@code lastLayerRows}, P per row of the flattened (B·T, H) input, are given, the
     * last layer then computing those alone ({@link BertModel#forwardAt}).
     */
    NDArray forward(NDArray x, NDArray maskBias, NDArray lastLayerRows) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor rows = lastLayerRows == null ? null : Bf16Torch.view(lastLayerRows);
            Tensor h = Bf16Torch.view(x).detach().to(ScalarType.BFloat16); // (B, T, H)
            Tensor bias = maskBias == null ? null : Bf16Torch.view(maskBias).detach().to(ScalarType.BFloat16); // (B, 1, 1, T)
            Tensor previous = null;
            for (int l = 0; l < layers.length; l++) {
                Tensor next;
                // A layer's intermediates are freed as it returns; holding all 12 layers' cost ~0.5 GB at 8 × 256.
                try (PointerScope layerScope = new PointerScope()) {
                    next = layer(h, bias, layers[l], l == layers.length - 1 ? rows : null);
                    next.retainReference();
                }
                if (previous != null) {
                    previous.releaseReference();
                }
                h = next;
                previous = next;
            }
            NDArray out = Bf16Torch.toDjl(x.getManager(), h.to(ScalarType.Float));
            if (previous != null) {
                previous.releaseReference();
            }
            return out;
        }
    }

    /** One layer, as {@link BertLayer}; with {@code rows}, flat (B·P) indices, queries and what follows for those alone. */
    private Tensor layer(Tensor x, Tensor maskBias, Tensor[] w, Tensor rows) {
        long b = x.size(0);
        long t = x.size(1);
        long hidden = config.hiddenSize();
        Tensor xq = rows == null ? x : x.reshape(b * t, hidden).index_select(0, rows).view(b, -1, hidden); // (B, Tq, H)
        long tq = xq.size(1);
        long heads = config.numAttentionHeads();
        long d = hidden / heads;
        Tensor q = linear(xq, w, 0).view(b, tq, heads, d).transpose(1, 2); // (B, N, Tq, D)
        Tensor k = linear(x, w, 2).view(b, t, heads, d).transpose(1, 2); // (B, N, T, D)
        Tensor v = linear(x, w, 4).view(b, t, heads, d).transpose(1, 2); // (B, N, T, D)
        TensorOptional mask = maskBias == null ? new TensorOptional() : new TensorOptional(maskBias);
        Tensor context = torch.scaled_dot_product_attention(q, k, v, mask, 0.0, false,
                new DoubleOptional(), false).transpose(1, 2).reshape(b, tq, hidden); // (B, Tq, H)
        Tensor a = layerNorm(linear(context, w, 6).add(xq), w, 8); // (B, Tq, H)
        Tensor i = activation(linear(a, w, 10)); // (B, Tq, I)
        return layerNorm(linear(i, w, 12).add(a), w, 14); // (B, Tq, H)
    }

    private static Tensor linear(Tensor x, Tensor[] w, int at) {
        return torch.linear(x, w[at], new TensorOptional(w[at + 1]));
    }

    private Tensor layerNorm(Tensor x, Tensor[] w, int at) {
        return torch.layer_norm(x, new long[] {config.hiddenSize()}, new TensorOptional(w[at]),
                new TensorOptional(w[at + 1]), config.layerNormEps(), false);
    }

    private Tensor activation(Tensor x) {
        return switch (config.hiddenAct()) {
            case GELU -> torch.gelu(x);
            case GELU_TANH -> torch.gelu(x, "tanh");
            case RELU -> torch.relu(x);
            case TANH -> torch.tanh(x);
        };
    }

    @Override
    public void close() {
        for (Tensor[] layer : layers) {
            for (Tensor w : layer) {
                w.releaseReference();
            }
        }
    }
}
