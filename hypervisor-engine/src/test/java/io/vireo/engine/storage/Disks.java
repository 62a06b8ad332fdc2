package io.vireo.engine.storage;

import io.vireo.engine.storage.chain.DiskChain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Test shorthand for reading whole disks. */
public final class Disks {
    private Disks() {
    }

    public static byte[] readAll(BlockDevice disk) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(disk.size()));
        disk.read(0, buf);
        return buf.array();
    }

    public static byte[] readAll(Path image) throws IOException {
        try (DiskImage d = DiskChain.open(image, true)) {
            return readAll(d);
        }
    }
}
