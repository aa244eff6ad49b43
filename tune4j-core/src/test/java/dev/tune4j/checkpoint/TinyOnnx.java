package dev.tune4j.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only writer of the ONNX file torch.onnx.export's TorchScript exporter makes of a tiny transformers
 * {@code BertModel} (vocab 40, hidden 16, 2 layers, 2 heads, intermediate 20, 32 positions), so that no ONNX file is
 * committed. It writes the export's initializers in the export's order (embeddings, biases and LayerNorms by name,
 * then each Linear weight as the anonymous, transposed {@code onnx::MatMul_NNN}) and, of its nodes, those the weight
 * recovery reads or must step over: every MatMul and Add and every node reading an initializer, with the export's
 * names. The other nodes are left out, so the file does not run; onnxruntime's outputs come from the real export.
 *
 * <p>The weights are {@link #weights}, an integer formula bench/parity/tiny_onnx_fixture.py evaluates bit for bit:
 * that script exports a BertModel holding them, checks the export's initializers hold them, and records the export's
 * graph (which OnnxGraphTest compares with this writer's) and onnxruntime's outputs in onnx/tiny-bert.json.
 */
public final class TinyOnnx {

    /** The export as it is, and the three tampered files the conversion must reject, each breaking one weight. */
    public enum Variant {
        INTACT,
        /** Layer 0's key product no longer feeds its bias's Add, which reads an unknown value instead. */
        MISSING,
        /** Layer 0's value product is added to the key bias, so the key weight is found twice. */
        DUPLICATED,
        /** Layer 1's query weight loses its last column: [16, 15] in ONNX's [in, out] layout. */
        MISSHAPED
    }

    static final int VOCAB = 40;
    static final int HIDDEN = 16;
    static final int LAYERS = 2;
    static final int INTERMEDIATE = 20;
    static final int POSITIONS = 32;
    static final int TYPES = 2;

    /** A Linear of a layer: its key below {@code encoder.layer.N.} (the node path is the same with '/'), its sizes. */
    private record Linear(String key, int in, int out, int number) {}

    /** In the export's order; {@code number} is the offset of its onnx::MatMul_NNN from the layer's first. */
    private static final List<Linear> LINEARS = List.of(
            new Linear("attention.self.query", HIDDEN, HIDDEN, 0),
            new Linear("attention.self.key", HIDDEN, HIDDEN, 7),
            new Linear("attention.self.value", HIDDEN, HIDDEN, 8),
            new Linear("attention.output.dense", HIDDEN, HIDDEN, 14),
            new Linear("intermediate.dense", HIDDEN, INTERMEDIATE, 15),
            new Linear("output.dense", INTERMEDIATE, HIDDEN, 16));
    /** The exporter numbers layer 0's query weight onnx::MatMul_380, and each layer's 17 higher than the last. */
    private static final int FIRST_MATMUL = 380;
    private static final int MATMULS_PER_LAYER = 17;

    private final Variant variant;
    private final Map<String, HostTensor> named = new LinkedHashMap<>();
    private final Map<String, HostTensor> anonymous = new LinkedHashMap<>();
    private final List<OnnxGraph.Node> nodes = new ArrayList<>();

    private TinyOnnx(Variant variant) {
        this.variant = variant;
        embeddings();
        String x = "/embeddings/LayerNorm/Add_1_output_0";
        for (int layer = 0; layer < LAYERS; layer++) {
            x = layer(layer, x);
        }
        OnnxGraph.Node last = nodes.remove(nodes.size() - 1); // the model's output takes the name export was given
        nodes.add(new OnnxGraph.Node(last.opType(), last.name(), last.inputs(), List.of("last_hidden_state")));
    }

    /** The ModelProto bytes of {@code variant}. */
    public static byte[] bytes(Variant variant) {
        return new TinyOnnx(variant).model();
    }

    /** Writes {@code variant} to {@code file} and returns it. */
    public static Path write(Path file, Variant variant) throws IOException {
        return Files.write(file, bytes(variant));
    }

    /**
     * The flat values of the BertModel parameter {@code key} in its own layout ([out, in] for a Linear weight): an
     * integer hash of (key, index) gives k in [-1000, 1000], the value is k / 2000 (one float division, so numpy
     * gets the same bits), plus 1 for a LayerNorm's scale. The key's String.hashCode seeds it, so no two tensors
     * share values and a weight under the wrong name changes the outputs. Values up to ±0.5, not BERT's usual 0.02:
     * with small weights attention is nearly uniform and a wrong query or key weight moves the outputs by less than
     * the parity tolerance (2e-5); with these, every one of 16 sampled sign flips per tensor breaks the parity.
     */
    public static float[] weights(String key, int n) {
        long seed = (key.hashCode() & 0xFFFFFFFFL) * 1000003L;
        float base = key.endsWith("LayerNorm.weight") ? 1f : 0f;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            long x = (seed + i * 2654435761L) & 0xFFFFFFFFL;
            x ^= x >>> 15;
            x = (x * 0x2C1B3C6DL) & 0xFFFFFFFFL;
            x ^= x >>> 12;
            values[i] = base + (int) (x % 2001 - 1000) / 2000f;
        }
        return values;
    }

    private void embeddings() {
        table("embeddings.word_embeddings.weight", VOCAB);
        table("embeddings.position_embeddings.weight", POSITIONS);
        table("embeddings.token_type_embeddings.weight", TYPES);
        node("Gather", "/embeddings/word_embeddings/Gather", "embeddings.word_embeddings.weight", "input_ids");
        node("Gather", "/embeddings/token_type_embeddings/Gather", "embeddings.token_type_embeddings.weight",
                "token_type_ids");
        node("Add", "/embeddings/Add", "/embeddings/word_embeddings/Gather_output_0",
                "/embeddings/token_type_embeddings/Gather_output_0");
        node("Gather", "/embeddings/position_embeddings/Gather", "embeddings.position_embeddings.weight",
                "/embeddings/Slice_output_0");
        node("Add", "/embeddings/Add_1", "/embeddings/Add_output_0", "/embeddings/position_embeddings/Gather_output_0");
        layerNorm("/embeddings/LayerNorm", "embeddings.LayerNorm");
        node("Add", "/Add", "/Unsqueeze_8_output_0", "/Mul_output_0"); // the attention mask's index arithmetic
    }

    /** One encoder layer reading {@code x}; returns the name of its output. */
    private String layer(int layer, String x) {
        String p = "/encoder/layer." + layer + "/";
        String self = p + "attention/self/";
        for (Linear qkv : LINEARS.subList(0, 3)) {
            linear(layer, qkv, x);
        }
        node("MatMul", self + "MatMul", self + "Mul_output_0", self + "Mul_1_output_0"); // (B, N, T, T) scores
        node("Add", self + "Add", self + "MatMul_output_0", self + "Where_output_0"); // + the mask
        node("MatMul", self + "MatMul_1", self + "Where_1_output_0", self + "Transpose_1_output_0");
        String dense = linear(layer, LINEARS.get(3), self + "Reshape_3_output_0");
        node("Add", p + "attention/output/Add", dense, x);
        String key = "encoder.layer." + layer + ".";
        String attention = layerNorm(p + "attention/output/LayerNorm", key + "attention.output.LayerNorm");
        linear(layer, LINEARS.get(4), attention);
        String gelu = p + "intermediate/intermediate_act_fn/";
        node("Add", gelu + "Add", gelu + "Erf_output_0", gelu + "Constant_1_output_0"); // 1 + erf(x / √2)
        String output = linear(layer, LINEARS.get(5), gelu + "Mul_1_output_0");
        node("Add", p + "output/Add", output, attention);
        return layerNorm(p + "output/LayerNorm", key + "output.LayerNorm");
    }

    /** {@code Add(bias, MatMul(x, onnx::MatMul_NNN))}, the weight transposed to [in, out]; returns the Add's output. */
    private String linear(int layer, Linear linear, String x) {
        String key = "encoder.layer." + layer + "." + linear.key();
        String path = "/encoder/layer." + layer + "/" + linear.key().replace('.', '/') + "/";
        String weight = "onnx::MatMul_" + (FIRST_MATMUL + MATMULS_PER_LAYER * layer + linear.number());
        boolean cut = variant == Variant.MISSHAPED && layer == 1 && linear == LINEARS.get(0);
        int columns = cut ? linear.out() - 1 : linear.out();
        float[] w = weights(key + ".weight", linear.out() * linear.in()); // (out, in)
        float[] t = new float[linear.in() * columns];
        for (int r = 0; r < linear.in(); r++) {
            for (int c = 0; c < columns; c++) {
                t[r * columns + c] = w[c * linear.in() + r];
            }
        }
        anonymous.put(weight, HostTensor.ofFloats(new long[] {linear.in(), columns}, t));
        vector(key + ".bias", linear.out());
        String product = node("MatMul", path + "MatMul", x, weight);
        String bias = key + ".bias";
        if (layer == 0 && variant == Variant.MISSING && linear == LINEARS.get(1)) {
            product = "nothing";
        } else if (layer == 0 && variant == Variant.DUPLICATED && linear == LINEARS.get(2)) {
            bias = "encoder.layer.0.attention.self.key.bias";
        }
        return node("Add", path + "Add", bias, product);
    }

    /** LayerNorm decomposed: the Add of its epsilon, then {@code Add(Mul(x̂, weight), bias)}; returns its output. */
    private String layerNorm(String path, String key) {
        vector(key + ".weight", HIDDEN);
        vector(key + ".bias", HIDDEN);
        node("Add", path + "/Add", path + "/ReduceMean_1_output_0", path + "/Constant_1_output_0");
        String scaled = node("Mul", path + "/Mul", path + "/Div_output_0", key + ".weight");
        return node("Add", path + "/Add_1", scaled, key + ".bias");
    }

    private void table(String key, int rows) {
        named.put(key, HostTensor.ofFloats(new long[] {rows, HIDDEN}, weights(key, rows * HIDDEN)));
    }

    private void vector(String key, int n) {
        named.put(key, HostTensor.ofFloats(new long[] {n}, weights(key, n)));
    }

    /** Adds a node with one output, named as the exporter names it; returns that output. */
    private String node(String op, String name, String... inputs) {
        String output = name + "_output_0";
        nodes.add(new OnnxGraph.Node(op, name, List.of(inputs), List.of(output)));
        return output;
    }

    /** ModelProto: ir_version, producer, graph (nodes, name, initializers), opset 14, in the exporter's field order. */
    private byte[] model() {
        TensorBundleWriter.Proto graph = new TensorBundleWriter.Proto();
        for (OnnxGraph.Node n : nodes) {
            TensorBundleWriter.Proto node = new TensorBundleWriter.Proto();
            n.inputs().forEach(i -> node.tag(1, 2).string(i));
            n.outputs().forEach(o -> node.tag(2, 2).string(o));
            graph.tag(1, 2).message(node.tag(3, 2).string(n.name()).tag(4, 2).string(n.opType()));
        }
        graph.tag(2, 2).string("main_graph");
        Map<String, HostTensor> initializers = new LinkedHashMap<>(named);
        initializers.putAll(anonymous);
        initializers.forEach((name, t) -> graph.tag(5, 2).message(tensor(name, t)));
        return new TensorBundleWriter.Proto()
                .tag(1, 0).varint(7).tag(2, 2).string("pytorch").tag(3, 2).string("2.13.0")
                .tag(7, 2).message(graph)
                .tag(8, 2).message(new TensorBundleWriter.Proto().tag(2, 0).varint(14))
                .bytes();
    }

    /** TensorProto: dims, data_type FLOAT (1), name, raw_data (little-endian). */
    private static TensorBundleWriter.Proto tensor(String name, HostTensor tensor) {
        TensorBundleWriter.Proto t = new TensorBundleWriter.Proto();
        for (long d : tensor.shape()) {
            t.tag(1, 0).varint(d);
        }
        ByteBuffer data = tensor.data();
        byte[] raw = new byte[data.remaining()];
        data.get(raw);
        return t.tag(2, 0).varint(1).tag(8, 2).string(name).tag(9, 2).varint(raw.length).raw(raw);
    }
}
