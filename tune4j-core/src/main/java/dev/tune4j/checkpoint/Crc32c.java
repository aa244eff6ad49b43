package dev.tune4j.checkpoint;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * LevelDB's masked CRC32C, as TensorFlow stores it for index blocks and tensor bytes.
 *
 * <p>The mask rotates and offsets the CRC so that a CRC of data that itself contains CRCs stays
 * well-distributed.
 */
final class Crc32c {

    private static final int MASK_DELTA = 0xa282ead8;

    private Crc32c() {}

    static int masked(ByteBuffer data) {
        CRC32C crc = new CRC32C();
        crc.update(data.duplicate());
        return mask((int) crc.getValue());
    }

    static int masked(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return mask((int) crc.getValue());
    }

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }
}
