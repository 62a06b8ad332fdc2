package io.vireo.engine.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import io.vireo.engine.testing.AllocationBound;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets: image files of any content, as an outsider uploads or imports them. Only
 * {@link IOException}s escape; one input allocates at most a stated bound beyond a few times its own size
 * (tables must lie in the file); nothing but the image file is written. The corpus holds small images:
 * qcow2 from qemu-img (empty, data, compressed, v2, raw backing) and Vireo; a monolithicSparse VMDK from
 * qemu-img and a streamOptimized one from Vireo's writer; and crafted ones ({@code crafted-*}) whose tables
 * claim more than the file holds: refcounts past its end, a refcount table that names one block everywhere
 * or itself, a grain directory that names one table twice.
 */
class ImageFuzzTest {
    private static final long QCOW2_ALLOCATION_BOUND = 64L << 20, QCOW2_GROWTH_BOUND = 32L << 20;
    private static final long VMDK_ALLOCATION_BOUND = 16L << 20;
    private static ImageFiles files;

    @BeforeAll
    static void directory() throws IOException {
        files = new ImageFiles();
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        files.close();
    }

    /**
     * qcow2 (header, extensions, backing name, L1/L2 and refcount tables, compressed clusters): opened
     * read-only and read, opened writable and written, then checked; the image grows by at most
     * {@link #QCOW2_GROWTH_BOUND}.
     */
    @FuzzTest(maxDuration = "5m")
    void qcow2(byte[] bytes) throws IOException {
        Path image = files.image(bytes);
        AllocationBound.check(QCOW2_ALLOCATION_BOUND + 8L * bytes.length, IOException.class, () -> {
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
        });
        files.assertOnlyTheImageChanged();
        assertThat(Files.size(image)).as("image growth").isLessThanOrEqualTo(bytes.length + QCOW2_GROWTH_BOUND);
    }

    /** VMDK (header, footer, grain directory and tables, compressed grains): opened as an import would, and read. */
    @FuzzTest(maxDuration = "5m")
    void vmdk(byte[] bytes) throws IOException {
        Path image = files.image(bytes);
        AllocationBound.check(VMDK_ALLOCATION_BOUND + 8L * bytes.length, IOException.class, () -> {
            try (DiskImage d = DiskChain.open(image, Optional.of(ImageFormat.VMDK), true)) {
                ImageFiles.readAround(d);
                for (long at : new long[] {0, d.size() / 3, d.size() - 1}) {
                    if (at >= 0) {
                        d.allocation(at);
                    }
                }
            }
        });
        files.assertOnlyTheImageChanged();
        assertThat(Files.readAllBytes(image)).as("the image itself").isEqualTo(bytes);
    }
}
