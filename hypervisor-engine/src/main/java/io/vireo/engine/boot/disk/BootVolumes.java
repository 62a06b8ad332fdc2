package io.vireo.engine.boot.disk;

import io.vireo.engine.storage.BlockDevice;
import io.vireo.engine.storage.ext4.Ext4Filesystem;
import io.vireo.engine.storage.partition.Partition;
import io.vireo.engine.storage.partition.PartitionTable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ext2/3/4 filesystems of a disk where boot files may be: the whole disk when it holds a filesystem
 * itself, else each partition of its GPT or MBR that holds one, in table order.
 */
final class BootVolumes {
    /** A filesystem of the disk; {@code where} says which part of it ("partition 2", or "" for the whole disk). */
    record Volume(Ext4Filesystem filesystem, String where) {
        String describe() {
            return filesystem.kind() + (where.isEmpty() ? "" : ", " + where);
        }
    }

    private BootVolumes() {
    }

    static List<Volume> on(BlockDevice disk, String diskName) throws IOException {
        if (Ext4Filesystem.present(disk, 0, disk.size())) {
            return List.of(new Volume(Ext4Filesystem.open(disk, 0, disk.size(), diskName), ""));
        }
        PartitionTable.Read table = PartitionTable.read(disk, diskName);
        List<Volume> volumes = new ArrayList<>();
        for (Partition partition : table.partitions()) {
            if (Ext4Filesystem.present(disk, partition.start(), partition.length())) {
                String where = "partition " + partition.number();
                volumes.add(new Volume(Ext4Filesystem.open(disk, partition.start(), partition.length(),
                        diskName + ", " + where), where));
            }
        }
        if (volumes.isEmpty()) {
            throw new DiskBootException(diskName + " holds no ext2/3/4 filesystem, " + switch (table.kind()) {
                case NONE -> "and no partition table";
                case MBR, GPT -> "neither on the whole disk nor on any of the %d partitions of its %s"
                        .formatted(table.partitions().size(), table.kind());
            });
        }
        return volumes;
    }

    /** "disk 1 (ext4, partition 1; ext2, partition 3)". */
    static String describe(String diskName, List<Volume> volumes) {
        return diskName + " (" + volumes.stream().map(Volume::describe).collect(Collectors.joining("; ")) + ")";
    }
}
