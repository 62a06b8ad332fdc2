package io.vireo.engine.storage.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.chain.DiskChain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crafted refcount tables, as an uploaded image may carry them: writing to one either works within the
 * file's real size or is refused with a clear error, promptly, and never walks what the tables claim.
 */
class HostileRefcountsTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(20);
    private static final int CLUSTER_BITS = 16;
    private static final int CLUSTER = 1 << CLUSTER_BITS;

    @TempDir
    Path dir;
    private Path image;

    @BeforeEach
    void emptyImage() throws IOException {
        image = dir.resolve("crafted.qcow2");
        Qcow2Creator.create(image, 64 << 20, CLUSTER_BITS, Optional.empty(), Optional.empty());
    }

    @Test
    void refcountsClaimingClustersPastTheEndOfTheFileDoNotPushNewDataThere() throws IOException {
        long block = firstBlock();
        byte[] everyClusterOnce = new byte[CLUSTER];
        for (int i = 1; i < everyClusterOnce.length; i += 2) {
            everyClusterOnce[i] = 1; // 16-bit big-endian refcount 1 for all 32768 clusters (2 GiB)
        }
        overwrite(block, everyClusterOnce);

        assertTimeoutPreemptively(PROMPTLY, () -> writeACluster(image));

        assertThat(Files.size(image)).as("the image's file").isLessThan(1L << 20);
        assertThat(readFirstCluster()).as("the data written").isEqualTo(pattern());
    }

    @Test
    void aTableThatNamesOneBlockOverAndOverIsRefusedBeforeAnythingIsAllocated() throws IOException {
        long block = firstBlock();
        byte[] full = new byte[CLUSTER];
        Arrays.fill(full, (byte) 0xff);
        overwrite(block, full);
        int tableClusters = 16; // 131072 entries, each claiming 32768 used clusters
        long tableOffset = Files.size(image) / CLUSTER * CLUSTER + CLUSTER;
        ByteBuffer table = ByteBuffer.allocate(tableClusters * CLUSTER);
        while (table.hasRemaining()) {
            table.putLong(block);
        }
        overwrite(tableOffset, table.array());
        overwrite(Qcow2Header.OFFSET_REFTABLE, ByteBuffer.allocate(12).putLong(tableOffset).putInt(tableClusters).array());

        assertTimeoutPreemptively(PROMPTLY, () -> assertThatThrownBy(() -> writeACluster(image))
                .isInstanceOf(ImageException.class).hasMessageContaining("more than once"));
    }

    @ParameterizedTest(name = "a block {0}")
    @ValueSource(strings = {"in the table itself", "past the end of the file"})
    void aTableThatPointsIntoItselfOrPastTheFileIsRefusedForWritingButStillReads(String where) throws IOException {
        long tableOffset = header().refcountTableOffset();
        long target = where.startsWith("in") ? tableOffset : (Files.size(image) / CLUSTER + 10) * CLUSTER;
        overwrite(tableOffset, ByteBuffer.allocate(8).putLong(target).array());

        assertTimeoutPreemptively(PROMPTLY, () -> assertThatThrownBy(() -> writeACluster(image))
                .isInstanceOf(ImageException.class).hasMessageContaining("refcount block 0"));
        assertThat(readFirstCluster()).as("an unwritten image reads as zeros").isEqualTo(new byte[CLUSTER]);
    }

    private static void writeACluster(Path image) throws IOException {
        try (DiskImage d = DiskChain.open(image, false)) {
            d.write(0, ByteBuffer.wrap(pattern()));
            d.flush();
        }
    }

    private byte[] readFirstCluster() throws IOException {
        try (DiskImage d = DiskChain.open(image, true)) {
            ByteBuffer b = ByteBuffer.allocate(CLUSTER);
            d.read(0, b);
            return b.array();
        }
    }

    private static byte[] pattern() {
        byte[] data = new byte[CLUSTER];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 1);
        }
        return data;
    }

    private Qcow2Header header() throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            return Qcow2Header.read(ch, image.toString());
        }
    }

    private long firstBlock() throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            ByteBuffer entry = ByteBuffer.allocate(8);
            ch.read(entry, header().refcountTableOffset());
            return entry.getLong(0);
        }
    }

    private void overwrite(long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }
}
