package io.vireo.engine.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.storage.chain.DiskChain;
import io.vireo.engine.testing.AllocationBound;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target: a VMDK file of any content (header, footer, grain directory and tables, compressed
 * grains), opened as an import would and read. Only {@link IOException}s escape; one input allocates at
 * most {@link #ALLOCATION_BOUND} beyond a few times its own size; no file is written. The corpus holds a
 * monolithicSparse image from qemu-img and a streamOptimized one from Vireo's writer.
 */
class VmdkFuzzTest {
    private static final long ALLOCATION_BOUND = 16L << 20;
    private static ImageFiles files;

    @BeforeAll
    static void directory() throws IOException {
        files = new ImageFiles("fuzz.vmdk");
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        files.close();
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(30) // per input; in fuzzing mode it becomes libFuzzer's -timeout, so a hang is a finding
    void imagesFailCleanly(byte[] bytes) throws IOException {
        Path image = files.image(bytes);
        AllocationBound.check(ALLOCATION_BOUND + 8L * bytes.length, IOException.class, () -> {
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
