package io.vireo.engine.storage.partition;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.chain.DiskChain;
import io.vireo.engine.testing.PartitionedDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionTableTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path disk(PartitionedDisk.Table table) throws Exception {
        Path one = Files.write(dir.resolve("one"), new byte[(int) MIB]);
        Path two = Files.write(dir.resolve("two"), new byte[(int) (2 * MIB)]);
        return PartitionedDisk.write(dir.resolve("disk-" + table), table, List.of(one, two));
    }

    @Test
    void readsTheMbrsPrimaryPartitions() throws Exception {
        try (DiskImage disk = DiskChain.open(disk(PartitionedDisk.Table.MBR), true)) {
            PartitionTable.Read read = PartitionTable.read(disk, "disk 1");
            assertThat(read.kind()).isEqualTo(PartitionTable.Kind.MBR);
            assertThat(read.partitions()).containsExactly(new Partition(1, MIB, MIB), new Partition(2, 2 * MIB, 2 * MIB));
        }
    }

    @Test
    void readsAGptBehindItsProtectiveMbr() throws Exception {
        try (DiskImage disk = DiskChain.open(disk(PartitionedDisk.Table.GPT), true)) {
            PartitionTable.Read read = PartitionTable.read(disk, "disk 1");
            assertThat(read.kind()).isEqualTo(PartitionTable.Kind.GPT);
            assertThat(read.partitions()).containsExactly(new Partition(1, MIB, MIB), new Partition(2, 2 * MIB, 2 * MIB));
        }
    }

    @Test
    void aDiskWithoutASignatureHasNoTable() throws Exception {
        Path blank = Files.write(dir.resolve("blank"), new byte[(int) MIB]);
        try (DiskImage disk = DiskChain.open(blank, true)) {
            assertThat(PartitionTable.read(disk, "disk 1").kind()).isEqualTo(PartitionTable.Kind.NONE);
        }
    }

    @Test
    void aPartitionReachingPastTheDiskIsRefused() throws Exception {
        Path file = disk(PartitionedDisk.Table.MBR);
        poke(file, 0x1BE + 16 + 12, 0x7FFFFFFF);
        try (DiskImage disk = DiskChain.open(file, true)) {
            assertThatThrownBy(() -> PartitionTable.read(disk, "disk 1")).hasMessage(
                    "disk 1: partition 2 (sectors 4096 to 2147487742) reaches past the end of the 10240-sector disk");
        }
    }

    @Test
    void aGptClaimingAHugeTableIsRefusedBeforeReadingIt() throws Exception {
        Path file = disk(PartitionedDisk.Table.GPT);
        poke(file, 512 + 0x50, 0x7FFFFFFF);
        try (DiskImage disk = DiskChain.open(file, true)) {
            assertThatThrownBy(() -> PartitionTable.read(disk, "disk 1"))
                    .hasMessage("disk 1: implausible GPT (2147483647 entries of 128 bytes at sector 2)");
        }
    }

    private static void poke(Path file, long offset, int value) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), offset);
        }
    }
}
