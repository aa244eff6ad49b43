package dev.tune4j.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor in host memory: element type, shape and little-endian bytes in row-major order.
 *
 * <p>The buffer may be a read-only slice of a memory-mapped file; nothing here writes to it. The
 * accessors hand out copies of the shape and independent views of the data, so a record is safe to
 * share between threads.
 */
public record HostTensor(DType dtype, long[] shape, ByteBuffer data) {

    public HostTensor {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long expected = Math.multiplyExact(numel(shape), dtype.byteSize());
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("data has " + data.remaining() + " bytes but " + dtype
                    + " " + Arrays.toString(shape) + " needs " + expected);
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static HostTensor ofFloats(long[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(values.length, Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return new HostTensor(DType.F32, shape, bytes);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A view from position 0 to the end, little-endian, independent of other callers' positions. */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    public long numel() {
        return numel(shape);
    }

    public long byteSize() {
        return data.remaining();
    }

    /** The values as floats; F16 and BF16 widen exactly. */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(numel())];
        ByteBuffer view = data();
        switch (dtype) {
            case F32 -> view.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloats.halfToFloat(view.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((view.getShort(2 * i) & 0xffff) << 16);
                }
            }
            default -> throw new IllegalArgumentException(
                    "toFloatArray() needs F32, F16 or BF16, not " + dtype);
        }
        return out;
    }

    /** Swaps the two axes of a matrix; TF stores dense kernels [in, out], PyTorch wants [out, in]. */
    public HostTensor transpose2d() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("transpose2d() needs a rank-2 tensor, not shape "
                    + Arrays.toString(shape));
        }
        int rows = Math.toIntExact(shape[0]);
        int cols = Math.toIntExact(shape[1]);
        int size = dtype.byteSize();
        ByteBuffer src = data();
        ByteBuffer dst = ByteBuffer.allocate(src.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                copyElement(src, (r * cols + c) * size, dst, (c * rows + r) * size, size);
            }
        }
        return new HostTensor(dtype, new long[] {cols, rows}, dst);
    }

    private static void copyElement(ByteBuffer src, int from, ByteBuffer dst, int to, int size) {
        switch (size) {
            case 8 -> dst.putLong(to, src.getLong(from));
            case 4 -> dst.putInt(to, src.getInt(from));
            case 2 -> dst.putShort(to, src.getShort(from));
            default -> dst.put(to, src.get(from));
        }
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor t
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + data.hashCode();
    }

    @Override
    public String toString() {
        return "HostTensor[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
