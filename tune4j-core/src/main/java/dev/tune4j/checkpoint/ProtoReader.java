package dev.tune4j.checkpoint;

/**
 * A cursor over protobuf wire format and LevelDB's varint encodings, enough to read TensorBundle
 * indexes without a protobuf dependency.
 *
 * <p>Malformed input raises {@link IllegalArgumentException}; callers add the file and entry.
 */
final class ProtoReader {

    static final int WIRE_VARINT = 0;
    static final int WIRE_FIXED64 = 1;
    static final int WIRE_LENGTH_DELIMITED = 2;
    static final int WIRE_FIXED32 = 5;

    private final byte[] bytes;
    private final int limit;
    private int position;

    ProtoReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    ProtoReader(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("range [" + offset + ", " + (offset + length)
                    + ") lies outside " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.position = offset;
        this.limit = offset + length;
    }

    boolean hasMore() {
        return position < limit;
    }

    int position() {
        return position;
    }

    long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint ending at byte " + position + " is longer than 10 bytes");
    }

    /** A varint used as a length or count, which must fit a non-negative int. */
    int readLength() {
        long value = readVarint();
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("length " + Long.toUnsignedString(value) + " at byte "
                    + position + " is out of range");
        }
        return (int) value;
    }

    int readFixed32() {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (readByte() & 0xff) << (8 * i);
        }
        return value;
    }

    long readFixed64() {
        long low = readFixed32() & 0xffffffffL;
        long high = readFixed32() & 0xffffffffL;
        return low | (high << 32);
    }

    byte[] readBytes(int length) {
        require(length);
        byte[] out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
        position += length;
        return out;
    }

    /** The next length-delimited field's payload as a read-only view of the same bytes (no copy). */
    java.nio.ByteBuffer readByteBuffer() {
        int length = readLength();
        require(length);
        java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(bytes, position, length).slice().asReadOnlyBuffer();
        position += length;
        return view;
    }

    /** The next length-delimited field as UTF-8 text. */
    String readString() {
        return new String(readBytes(readLength()), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A reader over the next length-delimited field's payload; this reader moves past it. */
    ProtoReader readMessage() {
        int length = readLength();
        require(length);
        ProtoReader message = new ProtoReader(bytes, position, length);
        position += length;
        return message;
    }

    /** Returns the next tag; its field number is {@code tag >>> 3} and wire type {@code tag & 7}. */
    int readTag() {
        return readLength();
    }

    void skipField(int tag) {
        switch (tag & 7) {
            case WIRE_VARINT -> readVarint();
            case WIRE_FIXED64 -> skip(8);
            case WIRE_LENGTH_DELIMITED -> skip(readLength());
            case WIRE_FIXED32 -> skip(4);
            default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7)
                    + " for field " + (tag >>> 3) + " at byte " + position);
        }
    }

    private void skip(int length) {
        require(length);
        position += length;
    }

    private byte readByte() {
        require(1);
        return bytes[position++];
    }

    private void require(int length) {
        if (length > limit - position) {
            throw new IllegalArgumentException("needs " + length + " bytes at byte " + position
                    + " but only " + (limit - position) + " remain");
        }
    }
}
