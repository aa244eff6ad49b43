package dev.tune4j.checkpoint;

import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model ({@code ModelProto}) that hold weights: the graph's initializers and its nodes, read
 * from the protobuf wire format with {@link ProtoReader}, without an ONNX or protobuf dependency.
 *
 * <p>Initializers of the element types a checkpoint uses become {@link HostTensor}s over the file's bytes
 * ({@code raw_data}, or {@code float_data}/{@code int64_data}/{@code int32_data} for small tensors); others
 * (strings, complex) are left out, since no weight is one. A name given twice, a size that does not match its
 * shape, or data stored outside the file is an error naming the tensor and the file.
 *
 * @param initializers by name, in file order
 */
public record OnnxGraph(Path file, Map<String, HostTensor> initializers, List<Node> nodes) {

    /** One operator: {@code MatMul}, {@code Add}, … with the names of the values it reads and writes. */
    public record Node(String opType, String name, List<String> inputs, List<String> outputs) {}

    /** ONNX's {@code model.proto}: ModelProto.graph, GraphProto.node and .initializer. */
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;

    /** The largest file this reads: protobuf itself caps a message at 2 GiB. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    public static OnnxGraph read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new Tune4jException(file + ": " + size + " bytes; ONNX files over 2 GiB keep their weights outside, "
                        + "which tune4j does not read");
            }
            return parse(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses a whole file's bytes, {@code file} naming it in errors (the fuzz test and jar entries use this). */
    public static OnnxGraph parse(Path file, byte[] bytes) {
        Map<String, HostTensor> initializers = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        boolean graph = false;
        try {
            ProtoReader model = new ProtoReader(bytes);
            while (model.hasMore()) {
                int tag = model.readTag();
                if (tag >>> 3 == MODEL_GRAPH && (tag & 7) == ProtoReader.WIRE_LENGTH_DELIMITED) {
                    readGraph(file, model.readMessage(), initializers, nodes);
                    graph = true;
                } else {
                    model.skipField(tag);
                }
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new Tune4jException(file + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
        if (!graph) {
            throw new Tune4jException(file + ": not an ONNX model (it has no graph)");
        }
        return new OnnxGraph(file, initializers, List.copyOf(nodes));
    }

    private static void readGraph(Path file, ProtoReader graph, Map<String, HostTensor> initializers, List<Node> nodes) {
        while (graph.hasMore()) {
            int tag = graph.readTag();
            if (tag >>> 3 == GRAPH_NODE && (tag & 7) == ProtoReader.WIRE_LENGTH_DELIMITED) {
                nodes.add(readNode(graph.readMessage()));
            } else if (tag >>> 3 == GRAPH_INITIALIZER && (tag & 7) == ProtoReader.WIRE_LENGTH_DELIMITED) {
                OnnxTensor tensor = OnnxTensor.read(graph.readMessage());
                if (initializers.containsKey(tensor.name())) {
                    throw new Tune4jException(file + ": initializer '" + tensor.name() + "' is given twice");
                }
                HostTensor host = tensor.toHost(file);
                if (host != null) {
                    initializers.put(tensor.name(), host);
                }
            } else {
                graph.skipField(tag);
            }
        }
    }

    private static Node readNode(ProtoReader node) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        while (node.hasMore()) {
            int tag = node.readTag();
            boolean delimited = (tag & 7) == ProtoReader.WIRE_LENGTH_DELIMITED;
            switch (delimited ? tag >>> 3 : 0) {
                case 1 -> inputs.add(node.readString());
                case 2 -> outputs.add(node.readString());
                case 3 -> name = node.readString();
                case 4 -> opType = node.readString();
                default -> node.skipField(tag);
            }
        }
        return new Node(opType, name, List.copyOf(inputs), List.copyOf(outputs));
    }

    /** The producer of each value: the node that lists it among its outputs. */
    public Map<String, Node> producers() {
        Map<String, Node> producers = new LinkedHashMap<>();
        for (Node node : nodes) {
            for (String output : node.outputs()) {
                producers.put(output, node);
            }
        }
        return producers;
    }

    /** ONNX's TensorProto, as far as weights need it. */
    private record OnnxTensor(String name, int dataType, long[] dims, ByteBuffer raw, boolean external) {

        static OnnxTensor read(ProtoReader t) {
            List<Long> dims = new ArrayList<>();
            String name = "";
            int dataType = 0;
            ByteBuffer raw = null;
            boolean external = false;
            java.io.ByteArrayOutputStream typed = new java.io.ByteArrayOutputStream();
            while (t.hasMore()) {
                int tag = t.readTag();
                int field = tag >>> 3;
                int wire = tag & 7;
                if (field == 1) {
                    repeatedVarints(t, wire, dims);
                } else if (field == 2 && wire == ProtoReader.WIRE_VARINT) {
                    dataType = (int) t.readVarint();
                } else if (field == 8 && wire == ProtoReader.WIRE_LENGTH_DELIMITED) {
                    name = t.readString();
                } else if (field == 9 && wire == ProtoReader.WIRE_LENGTH_DELIMITED) {
                    raw = t.readByteBuffer();
                } else if (field == 14 && wire == ProtoReader.WIRE_VARINT) {
                    external = t.readVarint() == 1;
                } else if (field == 4 || field == 5 || field == 7) {
                    typedValues(t, field, wire, typed);
                } else {
                    t.skipField(tag);
                }
            }
            if (raw == null && typed.size() > 0) {
                raw = ByteBuffer.wrap(typed.toByteArray());
            }
            return new OnnxTensor(name, dataType, dims.stream().mapToLong(Long::longValue).toArray(),
                    raw == null ? ByteBuffer.allocate(0) : raw, external);
        }

        /** Null for element types no checkpoint holds; the tensor is then left out. */
        HostTensor toHost(Path file) {
            DType dtype = dtype(dataType);
            if (dtype == null) {
                return null;
            }
            if (external) {
                throw new Tune4jException(file + ": initializer '" + name + "' keeps its data in another file, "
                        + "which tune4j does not read");
            }
            try {
                return new HostTensor(dtype, dims, raw.order(ByteOrder.LITTLE_ENDIAN));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new Tune4jException(file + ": initializer '" + name + "' " + e.getMessage());
            }
        }

        /** ONNX's TensorProto.DataType numbers. */
        private static DType dtype(int dataType) {
            return switch (dataType) {
                case 1 -> DType.F32;
                case 2 -> DType.U8;
                case 3 -> DType.I8;
                case 5 -> DType.I16;
                case 6 -> DType.I32;
                case 7 -> DType.I64;
                case 9 -> DType.BOOL;
                case 10 -> DType.F16;
                case 11 -> DType.F64;
                case 16 -> DType.BF16;
                default -> null;
            };
        }

        private static void repeatedVarints(ProtoReader t, int wire, List<Long> out) {
            if (wire == ProtoReader.WIRE_LENGTH_DELIMITED) {
                ProtoReader packed = t.readMessage();
                while (packed.hasMore()) {
                    out.add(packed.readVarint());
                }
            } else if (wire == ProtoReader.WIRE_VARINT) {
                out.add(t.readVarint());
            } else {
                t.skipField((1 << 3) | wire);
            }
        }

        /** float_data (4, fixed32), int32_data (5, varint), int64_data (7, varint), packed or not, as little-endian bytes. */
        private static void typedValues(ProtoReader t, int field, int wire, java.io.ByteArrayOutputStream out) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ProtoReader values = wire == ProtoReader.WIRE_LENGTH_DELIMITED ? t.readMessage() : t;
            boolean single = wire != ProtoReader.WIRE_LENGTH_DELIMITED;
            do {
                b.clear();
                if (field == 4) {
                    b.putInt(values.readFixed32());
                } else if (field == 5) {
                    b.putInt((int) values.readVarint());
                } else {
                    b.putLong(values.readVarint());
                }
                out.write(b.array(), 0, b.position());
            } while (!single && values.hasMore());
        }
    }
}
