package io.vireo.engine.storage.partition;

import io.vireo.engine.storage.BlockDevice;
import io.vireo.engine.storage.ImageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a disk's partitions from a GPT or an MBR, in 512-byte sectors (what every virtual disk here uses).
 * Only the primary GPT header and table are read (their CRCs are not checked: a boot loader that finds the
 * wrong bytes fails on the filesystem's own magic anyway); of an MBR only the four primary partitions, not
 * the logical ones inside an extended partition. Every entry is checked against the disk's size.
 */
public final class PartitionTable {
    private static final int SECTOR = 512;
    private static final int MBR_ENTRIES = 0x1BE, MBR_SIGNATURE = 0x1FE;
    private static final int PROTECTIVE = 0xEE;
    private static final List<Integer> EXTENDED = List.of(0x05, 0x0F, 0x85);
    private static final long GPT_SIGNATURE = 0x5452415020494645L; // "EFI PART", little-endian
    private static final int MAX_GPT_TABLE = 1 << 20;

    public enum Kind { NONE, MBR, GPT }

    public record Read(Kind kind, List<Partition> partitions) {
        public Read {
            partitions = List.copyOf(partitions);
        }
    }

    private PartitionTable() {
    }

    /** The partitions of {@code disk}, named {@code name} in errors; kind NONE when it has no table. */
    public static Read read(BlockDevice disk, String name) throws IOException {
        if (disk.size() < 2 * SECTOR) {
            return new Read(Kind.NONE, List.of());
        }
        ByteBuffer mbr = sectors(disk, 0, SECTOR);
        if ((mbr.getShort(MBR_SIGNATURE) & 0xFFFF) != 0xAA55) {
            return new Read(Kind.NONE, List.of());
        }
        for (int i = 0; i < 4; i++) {
            if ((mbr.get(MBR_ENTRIES + i * 16 + 4) & 0xFF) == PROTECTIVE) {
                return new Read(Kind.GPT, gpt(disk, name));
            }
        }
        List<Partition> partitions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int at = MBR_ENTRIES + i * 16;
            int type = mbr.get(at + 4) & 0xFF;
            long first = mbr.getInt(at + 8) & 0xFFFFFFFFL;
            long count = mbr.getInt(at + 12) & 0xFFFFFFFFL;
            if (type != 0 && count != 0 && !EXTENDED.contains(type)) {
                partitions.add(checked(disk, name, i + 1, first, count));
            }
        }
        return new Read(Kind.MBR, partitions);
    }

    private static List<Partition> gpt(BlockDevice disk, String name) throws IOException {
        ByteBuffer header = sectors(disk, SECTOR, SECTOR);
        if (header.getLong(0) != GPT_SIGNATURE) {
            throw new ImageException(name + ": a protective MBR but no GPT header in sector 1");
        }
        long tableLba = header.getLong(0x48);
        long entries = header.getInt(0x50) & 0xFFFFFFFFL;
        long entrySize = header.getInt(0x54) & 0xFFFFFFFFL;
        if (entrySize < 128 || entrySize % 128 != 0 || entries * entrySize > MAX_GPT_TABLE
                || tableLba < 2 || tableLba > disk.size() / SECTOR - Math.ceilDiv(entries * entrySize, SECTOR)) {
            throw new ImageException("%s: implausible GPT (%d entries of %d bytes at sector %d)"
                    .formatted(name, entries, entrySize, tableLba));
        }
        ByteBuffer table = sectors(disk, tableLba * SECTOR, (int) (entries * entrySize));
        List<Partition> partitions = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            int at = (int) (i * entrySize);
            if (table.getLong(at) == 0 && table.getLong(at + 8) == 0) {
                continue;
            }
            long first = table.getLong(at + 32);
            long last = table.getLong(at + 40);
            if (first < 0 || last < first) {
                throw new ImageException("%s: GPT entry %d runs from sector %d to %d".formatted(name, i + 1, first, last));
            }
            partitions.add(checked(disk, name, i + 1, first, last - first + 1));
        }
        return partitions;
    }

    private static Partition checked(BlockDevice disk, String name, int number, long firstSector, long sectors)
            throws ImageException {
        long diskSectors = disk.size() / SECTOR;
        if (firstSector > diskSectors || sectors > diskSectors - firstSector) {
            throw new ImageException("%s: partition %d (sectors %d to %d) reaches past the end of the %d-sector disk"
                    .formatted(name, number, firstSector, firstSector + sectors - 1, diskSectors));
        }
        return new Partition(number, firstSector * SECTOR, sectors * SECTOR);
    }

    private static ByteBuffer sectors(BlockDevice disk, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        disk.read(offset, b);
        return b;
    }
}
