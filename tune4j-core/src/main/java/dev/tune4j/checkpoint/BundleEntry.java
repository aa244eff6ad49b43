package dev.tune4j.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A decoded {@code tensorflow.BundleEntryProto}: where one tensor's bytes lie and their checksum.
 *
 * @param tfDtype TensorFlow {@code DataType} enum value
 * @param shape dimensions; -1 marks an unknown dimension, which a saved variable never has
 * @param sliced whether the tensor is stored as partitioned slices, which this reader does not join
 */
record BundleEntry(int tfDtype, long[] shape, int shardId, long offset, long size, int crc32c, boolean sliced) {

    static BundleEntry parse(byte[] bytes) {
        ProtoReader reader = new ProtoReader(bytes);
        int dtype = 0;
        long[] shape = new long[0];
        int shard = 0;
        long offset = 0;
        long size = 0;
        int crc = 0;
        boolean sliced = false;
        while (reader.hasMore()) {
            int tag = reader.readTag();
            switch (tag) {
                case 1 << 3 | ProtoReader.WIRE_VARINT -> dtype = (int) reader.readVarint();
                case 2 << 3 | ProtoReader.WIRE_LENGTH_DELIMITED -> shape = parseShape(reader.readMessage());
                case 3 << 3 | ProtoReader.WIRE_VARINT -> shard = (int) reader.readVarint();
                case 4 << 3 | ProtoReader.WIRE_VARINT -> offset = reader.readVarint();
                case 5 << 3 | ProtoReader.WIRE_VARINT -> size = reader.readVarint();
                case 6 << 3 | ProtoReader.WIRE_FIXED32 -> crc = reader.readFixed32();
                case 7 << 3 | ProtoReader.WIRE_LENGTH_DELIMITED -> {
                    reader.readMessage();
                    sliced = true;
                }
                default -> reader.skipField(tag);
            }
        }
        return new BundleEntry(dtype, shape, shard, offset, size, crc, sliced);
    }

    /** {@code TensorShapeProto}: repeated {@code Dim dim = 2 { int64 size = 1; string name = 2; }}. */
    private static long[] parseShape(ProtoReader reader) {
        List<Long> dims = new ArrayList<>();
        while (reader.hasMore()) {
            int tag = reader.readTag();
            if (tag == (2 << 3 | ProtoReader.WIRE_LENGTH_DELIMITED)) {
                dims.add(parseDimSize(reader.readMessage()));
            } else {
                reader.skipField(tag);
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static long parseDimSize(ProtoReader reader) {
        long size = 0;
        while (reader.hasMore()) {
            int tag = reader.readTag();
            if (tag == (1 << 3 | ProtoReader.WIRE_VARINT)) {
                size = reader.readVarint();
            } else {
                reader.skipField(tag);
            }
        }
        return size;
    }

    /** TensorFlow {@code DataType} numbers of the types a host tensor can hold. */
    Optional<DType> dtype() {
        return Optional.ofNullable(switch (tfDtype) {
            case 1 -> DType.F32;
            case 2 -> DType.F64;
            case 3 -> DType.I32;
            case 4 -> DType.U8;
            case 5 -> DType.I16;
            case 6 -> DType.I8;
            case 9 -> DType.I64;
            case 10 -> DType.BOOL;
            case 14 -> DType.BF16;
            case 19 -> DType.F16;
            default -> null;
        });
    }

    /** {@code BundleHeaderProto}: num_shards = 1, endianness = 2 (0 little, 1 big). */
    record Header(int numShards, boolean bigEndian) {

        static Header parse(byte[] bytes) {
            ProtoReader reader = new ProtoReader(bytes);
            int shards = 1;
            boolean big = false;
            while (reader.hasMore()) {
                int tag = reader.readTag();
                switch (tag) {
                    case 1 << 3 | ProtoReader.WIRE_VARINT -> shards = (int) reader.readVarint();
                    case 2 << 3 | ProtoReader.WIRE_VARINT -> big = reader.readVarint() == 1;
                    default -> reader.skipField(tag);
                }
            }
            return new Header(shards, big);
        }
    }
}
