package io.vireo.engine.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import io.vireo.engine.testing.AllocationBound;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target: a qcow2 file of any content (header, extensions, backing name, L1/L2 and refcount tables,
 * compressed clusters), opened read-only and read, opened writable and written, then checked. Only
 * {@link IOException}s escape; one input allocates at most {@link #ALLOCATION_BOUND} beyond a few times
 * its own size (tables must lie in the file); nothing but the image file is written, and it grows by at
 * most {@link #GROWTH_BOUND}. The corpus holds small images made by qemu-img and by Vireo.
 */
class Qcow2FuzzTest {
    private static final long ALLOCATION_BOUND = 64L << 20;
    private static final long GROWTH_BOUND = 32L << 20;
    private static ImageFiles files;

    @BeforeAll
    static void directory() throws IOException {
        files = new ImageFiles("fuzz.qcow2");
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        files.close();
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(30) // per input; in fuzzing mode it becomes libFuzzer's -timeout, so a hang is a finding
    void imagesFailCleanly(byte[] bytes) throws IOException {
        Path image = files.image(bytes);
        AllocationBound.check(ALLOCATION_BOUND + 8L * bytes.length, IOException.class, () -> exercise(image));
        files.assertOnlyTheImageChanged();
        assertThat(Files.size(image)).as("image growth").isLessThanOrEqualTo(bytes.length + GROWTH_BOUND);
    }

    /** What a VM and the console do with an image: read, write, discard, flush, check. */
    private static void exercise(Path image) throws IOException {
        try (DiskImage d = DiskChain.open(image, Optional.of(ImageFormat.QCOW2), true)) {
            ImageFiles.readAround(d);
            d.allocation(0);
            d.storedBytes();
        }
        try (DiskImage d = DiskChain.open(image, Optional.of(ImageFormat.QCOW2), false)) {
            if (d.size() >= 64 << 10) {
                d.write(1000, ByteBuffer.allocate(5000).put(0, (byte) 1));
                d.write(d.size() - 512, ByteBuffer.allocate(512));
                d.writeZeroes(16 << 10, 8 << 10);
                d.discard(32 << 10, 4 << 10);
                d.flush();
                ImageFiles.readAround(d);
            }
        }
        ChainOperations.check(image);
    }
}
