package io.vireo.engine.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;

/** Damage done to a machine-state file in tests: random changes, and a header made to fit them again. */
public final class DamagedStateFiles {
    private DamagedStateFiles() {
    }

    /** A flipped bit, overwritten bytes, a cut or an insertion somewhere in {@code valid}. */
    public static byte[] damage(byte[] valid, Random random) {
        byte[] d = valid.clone();
        int at = random.nextInt(valid.length);
        return switch (random.nextInt(4)) {
            case 0 -> {
                d[at] ^= (byte) (1 << random.nextInt(8));
                yield d;
            }
            case 1 -> {
                for (int i = 0; i < 1 + random.nextInt(4) && at + i < d.length; i++) {
                    d[at + i] = (byte) (random.nextBoolean() ? 0xFF : random.nextInt(256));
                }
                yield d;
            }
            case 2 -> Arrays.copyOf(valid, at);
            default -> {
                byte[] longer = new byte[valid.length + 1 + random.nextInt(16)];
                System.arraycopy(valid, 0, longer, 0, at);
                System.arraycopy(valid, at, longer, longer.length - (valid.length - at), valid.length - at);
                yield longer;
            }
        };
    }

    /** The file with its body length and checksum made to fit its (damaged) body. */
    public static byte[] resealed(byte[] file) {
        byte[] copy = file.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        if (copy.length >= StateFile.HEADER_BYTES) {
            b.putLong(16, copy.length - StateFile.HEADER_BYTES);
            CRC32C crc = new CRC32C();
            crc.update(copy, StateFile.HEADER_BYTES, copy.length - StateFile.HEADER_BYTES);
            b.putInt(24, (int) crc.getValue());
        }
        return copy;
    }
}
