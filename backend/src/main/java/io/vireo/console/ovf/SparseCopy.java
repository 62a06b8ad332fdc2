package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a package file into its staging folder leaving its runs of zeros as holes: a flat disk of an OVA is mostly
 * zeros, and writing them would fill the datastore with what the qcow2 conversion skips anyway. Never more than the
 * size the package announced is taken from the stream.
 */
final class SparseCopy {
    private static final int BLOCK = 64 << 10;
    private static final byte[] ZEROS = new byte[BLOCK];

    private SparseCopy() {
    }

    /** Copies up to {@code size} bytes of {@code in} into the new file {@code target}; answers how many it had. */
    static long copy(InputStream in, Path target, long size) throws IOException {
        byte[] block = new byte[BLOCK];
        long copied = 0;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (copied < size) {
                int n = in.readNBytes(block, 0, (int) Math.min(BLOCK, size - copied));
                if (n == 0) {
                    break;
                }
                if (Arrays.mismatch(block, 0, n, ZEROS, 0, n) >= 0) {
                    out.write(ByteBuffer.wrap(block, 0, n), copied);
                }
                copied += n;
            }
            if (out.size() < copied) {
                // A file ending in a hole gets its length from its last byte.
                out.write(ByteBuffer.wrap(ZEROS, 0, 1), copied - 1);
            }
        }
        return copied;
    }
}
