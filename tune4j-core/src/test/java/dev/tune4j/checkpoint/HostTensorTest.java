package dev.tune4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class HostTensorTest {

    @Test
    void rejectsDataThatDisagreesWithShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HostTensor(DType.F32, new long[] {2, 3}, ByteBuffer.allocate(20)));
        assertTrue(e.getMessage().contains("20") && e.getMessage().contains("24"), e.getMessage());
    }

    @Test
    void transposeSwapsAxes() {
        HostTensor t = HostTensor.ofFloats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        HostTensor tt = t.transpose2d();
        assertArrayEquals(new long[] {3, 2}, tt.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, tt.toFloatArray());
        assertEquals(t, tt.transpose2d());
    }

    @Test
    void widensHalfAndBfloat16() {
        ByteBuffer half = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        half.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001).putShort((short) 0x7c00);
        assertArrayEquals(new float[] {1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY},
                new HostTensor(DType.F16, new long[] {4}, half.flip()).toFloatArray());
        ByteBuffer bf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        bf.putShort((short) 0x3f80).putShort((short) 0xc040);
        assertArrayEquals(new float[] {1f, -3f},
                new HostTensor(DType.BF16, new long[] {2}, bf.flip()).toFloatArray());
    }

    @Test
    void shapeIsDefensivelyCopied() {
        long[] shape = {2};
        HostTensor t = HostTensor.ofFloats(shape, new float[] {1, 2});
        shape[0] = 7;
        t.shape()[0] = 9;
        assertArrayEquals(new long[] {2}, t.shape());
    }
}
