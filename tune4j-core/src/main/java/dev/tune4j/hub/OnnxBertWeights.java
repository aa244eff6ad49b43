package dev.tune4j.hub;

import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.DType;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.OnnxGraph;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face {@code BertModel} state dict recovered from an ONNX export of one.
 *
 * <p>The exporter keeps the names of embeddings, biases and LayerNorms, but folds every Linear weight into an
 * anonymous, transposed ({@code [in, out]}) initializer {@code onnx::MatMul_NNN}. Each Linear is
 * {@code Add(MatMul(x, W), b)} in the graph, so W takes the name of the bias its product is added to. Every key a
 * BERT of the found depth needs must then be there exactly once, as F32, with the shape the sizes imply.
 */
final class OnnxBertWeights {

    private static final Pattern LAYER = Pattern.compile("encoder\\.layer\\.(\\d+)\\.");
    private static final List<String> LINEARS = List.of("attention.self.query", "attention.self.key",
            "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense");
    private static final List<String> LAYER_NORMS = List.of("attention.output.LayerNorm", "output.LayerNorm");
    private static final String POOLER = "pooler.dense";

    private OnnxBertWeights() {}

    /** The BertModel keys (no "bert." prefix), in name order; a missing, doubled or misshaped weight is an error. */
    static Map<String, HostTensor> recover(OnnxGraph graph) {
        Map<String, HostTensor> out = new TreeMap<>();
        graph.initializers().forEach((name, tensor) -> {
            if (!name.startsWith("onnx::") && !name.endsWith("position_ids")) {
                out.put(name, tensor);
            }
        });
        Map<String, String> sources = linearWeights(graph, out);
        Map<String, long[]> expected = expectedShapes(graph, out);
        for (Map.Entry<String, long[]> key : expected.entrySet()) {
            HostTensor tensor = out.get(key.getKey());
            String where = graph.file() + ": weight '" + key.getKey() + "'"
                    + (sources.containsKey(key.getKey()) ? " (" + sources.get(key.getKey()) + ")" : "");
            if (tensor == null) {
                throw new Tune4jException(where + " is missing: no initializer of that name, and no MatMul whose "
                        + "product is added to its bias");
            }
            if (tensor.dtype() != DType.F32) {
                throw new Tune4jException(where + " is " + tensor.dtype() + ", expected F32");
            }
            if (!Arrays.equals(tensor.shape(), key.getValue())) {
                throw new Tune4jException(where + " has shape " + Arrays.toString(tensor.shape()) + ", expected "
                        + Arrays.toString(key.getValue()));
            }
        }
        out.keySet().retainAll(expected.keySet());
        return out;
    }

    /** Adds each Linear weight, transposed to [out, in], under its bias's name; returns each one's ONNX name. */
    private static Map<String, String> linearWeights(OnnxGraph graph, Map<String, HostTensor> out) {
        Map<String, OnnxGraph.Node> producers = graph.producers();
        Map<String, String> sources = new LinkedHashMap<>();
        for (OnnxGraph.Node add : graph.nodes()) {
            if (!add.opType().equals("Add") || add.inputs().size() != 2) {
                continue;
            }
            for (int i = 0; i < 2; i++) {
                String bias = add.inputs().get(i);
                OnnxGraph.Node matmul = producers.get(add.inputs().get(1 - i));
                if (!bias.endsWith(".bias") || !out.containsKey(bias) || matmul == null
                        || !matmul.opType().equals("MatMul") || matmul.inputs().size() != 2) {
                    continue;
                }
                String weightName = matmul.inputs().get(1);
                HostTensor weight = graph.initializers().get(weightName);
                if (weight == null) {
                    continue;
                }
                String key = bias.substring(0, bias.length() - "bias".length()) + "weight";
                if (sources.containsKey(key) || (out.containsKey(key) && !sources.containsKey(key))) {
                    throw new Tune4jException(graph.file() + ": weight '" + key + "' is found twice (" + weightName
                            + " and " + sources.getOrDefault(key, "an initializer named " + key) + ")");
                }
                if (weight.rank() != 2) {
                    throw new Tune4jException(graph.file() + ": weight '" + key + "' (" + weightName + ") has shape "
                            + Arrays.toString(weight.shape()) + ", expected a matrix");
                }
                out.put(key, weight.transpose2d());
                sources.put(key, weightName);
            }
        }
        return sources;
    }

    /** Every key of a BertModel as deep as the graph's highest layer index, with its shape; a pooler if present. */
    private static Map<String, long[]> expectedShapes(OnnxGraph graph, Map<String, HostTensor> found) {
        HostTensor words = found.get("embeddings.word_embeddings.weight");
        HostTensor inter = found.get("encoder.layer.0.intermediate.dense.bias");
        if (words == null || words.rank() != 2 || inter == null || inter.rank() != 1) {
            String key = words == null || words.rank() != 2 ? "embeddings.word_embeddings.weight"
                    : "encoder.layer.0.intermediate.dense.bias";
            throw new Tune4jException(graph.file() + ": weight '" + key + "' is " + (found.containsKey(key)
                    ? "not of rank " + (key.endsWith("bias") ? 1 : 2) : "missing") + " (not an ONNX export of a BERT?)");
        }
        long h = words.dim(1);
        long i = inter.dim(0);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embeddings.word_embeddings.weight", new long[] {words.dim(0), h});
        shapes.put("embeddings.position_embeddings.weight", new long[] {dim0(found, "embeddings.position_embeddings.weight"), h});
        shapes.put("embeddings.token_type_embeddings.weight", new long[] {dim0(found, "embeddings.token_type_embeddings.weight"), h});
        layerNorm(shapes, "embeddings.LayerNorm", h);
        for (int layer = 0; layer < layers(graph, found); layer++) {
            String p = "encoder.layer." + layer + ".";
            for (String linear : LINEARS) {
                long in = linear.equals("output.dense") ? i : h;
                long outDim = linear.equals("intermediate.dense") ? i : h;
                shapes.put(p + linear + ".weight", new long[] {outDim, in});
                shapes.put(p + linear + ".bias", new long[] {outDim});
            }
            LAYER_NORMS.forEach(norm -> layerNorm(shapes, p + norm, h));
        }
        if (found.containsKey(POOLER + ".bias")) {
            shapes.put(POOLER + ".weight", new long[] {h, h});
            shapes.put(POOLER + ".bias", new long[] {h});
        }
        return shapes;
    }

    private static int layers(OnnxGraph graph, Map<String, HostTensor> found) {
        int layers = 0;
        for (String name : found.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (m.lookingAt()) {
                if (m.group(1).length() > 3) {
                    throw new Tune4jException(graph.file() + ": weight '" + name + "' names an implausible layer "
                            + "(over 999)");
                }
                layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
            }
        }
        return layers;
    }

    /** The first dimension of a table whose width is checked later; -1 (never a shape) when it is absent. */
    private static long dim0(Map<String, HostTensor> found, String key) {
        HostTensor t = found.get(key);
        return t == null || t.rank() == 0 ? -1 : t.dim(0);
    }

    private static void layerNorm(Map<String, long[]> shapes, String prefix, long h) {
        shapes.put(prefix + ".weight", new long[] {h});
        shapes.put(prefix + ".bias", new long[] {h});
    }
}
