package io.vireo.engine.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The deterministic write sequence of one crash-test run: groups of writes, each group ended by a flush.
 * The writer process and the test regenerate it from the same seed.
 */
final class CrashWorkload {
    static final int DISK_SIZE = 16 << 20;

    /** A write of {@code data}, or of zeros when {@code data} is null. */
    record Op(int offset, int length, byte[] data) {
    }

    private final Random rnd;

    CrashWorkload(long seed) {
        this.rnd = new Random(seed);
    }

    List<Op> nextGroup() {
        int count = 1 + rnd.nextInt(8);
        List<Op> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = 1 + rnd.nextInt(rnd.nextBoolean() ? 9000 : 200_000);
            int offset = rnd.nextInt(DISK_SIZE - length);
            if (rnd.nextInt(6) == 0) {
                ops.add(new Op(offset, length, null));
            } else {
                byte[] data = new byte[length];
                rnd.nextBytes(data);
                ops.add(new Op(offset, length, data));
            }
        }
        return ops;
    }
}
