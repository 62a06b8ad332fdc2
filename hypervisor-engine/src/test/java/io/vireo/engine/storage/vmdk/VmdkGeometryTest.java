package io.vireo.engine.storage.vmdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.chain.ChainOperations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crafted VMDK geometry: what a stated capacity costs is bounded by what the file really holds. */
class VmdkGeometryTest {
    private static final int GTES = 4096;

    @TempDir
    Path dir;

    @Test
    void checkingATerabyteSparseImageWithoutGrainTablesFinishesPromptly() throws IOException {
        long capacity = 1L << 31; // 1 TiB in one-sector grains: two billion of them, all unallocated
        Path image = vmdk(capacity, new int[(int) (capacity / GTES)]);

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThat(ChainOperations.check(image).problems()).isEmpty();
        });
    }

    @Test
    void aDirectoryThatNamesOneGrainTableTwiceIsRefused() throws IOException {
        int table = 8; // sector 8: past the header and the directory, 16 KiB of empty grain table
        Path image = vmdk(2L * GTES, new int[] {table, table}, table * 512L + GTES * 4);

        assertThatThrownBy(() -> ChainOperations.check(image)).isInstanceOf(ImageException.class)
                .hasMessageContaining("more than once");
    }

    @Test
    void aGrainTablePastTheEndOfTheFileIsRefusedWhenOpened() throws IOException {
        Path image = vmdk(GTES, new int[] {1 << 20}, 8 * 512L);

        assertThatThrownBy(() -> VmdkImage.open(image, true).close()).isInstanceOf(ImageException.class)
                .hasMessageContaining("past the end of the file");
    }

    private Path vmdk(long capacity, int[] directory) throws IOException {
        return vmdk(capacity, directory, 512L + directory.length * 4L);
    }

    /** A monolithicSparse extent of one-sector grains: header, then the grain directory at sector 1. */
    private Path vmdk(long capacity, int[] directory, long fileSize) throws IOException {
        Path image = dir.resolve("crafted.vmdk");
        VmdkHeader header = new VmdkHeader(1, VmdkHeader.FLAG_NEWLINE_TEST, capacity, 1, 0, 0, GTES, 0, 1, 1, 0);
        ByteBuffer gd = ByteBuffer.allocate(directory.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        gd.asIntBuffer().put(directory);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(header.encode(), 0);
            ch.write(gd, 512);
            ch.truncate(fileSize);
            if (ch.size() < fileSize) {
                ch.write(ByteBuffer.allocate(1), fileSize - 1);
            }
        }
        return image;
    }
}
