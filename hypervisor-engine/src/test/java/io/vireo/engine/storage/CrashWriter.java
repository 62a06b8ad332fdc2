package io.vireo.engine.storage;

import io.vireo.engine.storage.chain.DiskChain;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Child process of {@link CrashConsistencyTest}: applies a {@link CrashWorkload} to an image and prints
 * {@code FLUSHED <group>} after each flush returns, until it is killed.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        CrashWorkload workload = new CrashWorkload(Long.parseLong(args[1]));
        try (DiskImage disk = DiskChain.open(image, false)) {
            System.out.println("READY");
            for (int group = 0; group < 100_000; group++) {
                for (CrashWorkload.Op op : workload.nextGroup()) {
                    if (op.data() == null) {
                        disk.writeZeroes(op.offset(), op.length());
                    } else {
                        disk.write(op.offset(), ByteBuffer.wrap(op.data()));
                    }
                }
                disk.flush();
                System.out.println("FLUSHED " + group);
            }
        }
    }
}
