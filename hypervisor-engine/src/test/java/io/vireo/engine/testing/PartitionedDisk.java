package io.vireo.engine.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A raw disk whose partitions hold the given images, one after the other from 1 MiB on (each padded to whole
 * MiB), under an MBR (type 0x83) or a GPT (Linux filesystem type, CRCs filled in; no backup header, which
 * Linux warns about and does without).
 */
public final class PartitionedDisk {
    public enum Table { MBR, GPT }

    private static final int SECTOR = 512;
    private static final long MIB = 1 << 20;
    /** The GPT type "Linux filesystem data", 0FC63DAF-8483-4772-8E79-3D69D8477DE4, in its on-disk byte order. */
    private static final byte[] LINUX_DATA = {(byte) 0xAF, 0x3D, (byte) 0xC6, 0x0F, (byte) 0x83, (byte) 0x84, 0x72, 0x47,
            (byte) 0x8E, 0x79, 0x3D, 0x69, (byte) 0xD8, 0x47, 0x7D, (byte) 0xE4};

    private PartitionedDisk() {
    }

    public static Path write(Path disk, Table table, List<Path> partitions) throws IOException {
        long[] starts = new long[partitions.size()];
        long[] lengths = new long[partitions.size()];
        long at = MIB;
        for (int i = 0; i < partitions.size(); i++) {
            starts[i] = at;
            lengths[i] = Math.ceilDiv(Files.size(partitions.get(i)), MIB) * MIB;
            at += lengths[i];
        }
        long size = at + MIB;
        try (FileChannel out = FileChannel.open(disk, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.allocate(1), size - 1);
            for (int i = 0; i < partitions.size(); i++) {
                out.write(ByteBuffer.wrap(Files.readAllBytes(partitions.get(i))), starts[i]);
            }
            ByteBuffer head = ByteBuffer.allocate((int) MIB).order(ByteOrder.LITTLE_ENDIAN);
            if (table == Table.MBR) {
                for (int i = 0; i < partitions.size(); i++) {
                    mbrEntry(head, i, 0x83, starts[i] / SECTOR, lengths[i] / SECTOR);
                }
            } else {
                mbrEntry(head, 0, 0xEE, 1, Math.min(size / SECTOR - 1, 0xFFFFFFFFL));
                gpt(head, size / SECTOR, starts, lengths);
            }
            head.putShort(0x1FE, (short) 0xAA55);
            out.write(head.clear(), 0);
        }
        return disk;
    }

    private static void mbrEntry(ByteBuffer head, int index, int type, long first, long count) {
        int at = 0x1BE + 16 * index;
        head.put(at + 4, (byte) type);
        head.putInt(at + 8, (int) first);
        head.putInt(at + 12, (int) count);
    }

    private static void gpt(ByteBuffer head, long sectors, long[] starts, long[] lengths) {
        int entries = 2 * SECTOR;
        for (int i = 0; i < starts.length; i++) {
            int at = entries + 128 * i;
            head.put(at, LINUX_DATA);
            head.putLong(at + 16, 0x1000 + i);
            head.putLong(at + 24, 0x2000 + i);
            head.putLong(at + 32, starts[i] / SECTOR);
            head.putLong(at + 40, (starts[i] + lengths[i]) / SECTOR - 1);
        }
        int h = SECTOR;
        head.putLong(h, 0x5452415020494645L);
        head.putInt(h + 8, 0x00010000);
        head.putInt(h + 12, 92);
        head.putLong(h + 24, 1);
        head.putLong(h + 32, sectors - 1);
        head.putLong(h + 40, 34);
        head.putLong(h + 48, sectors - 34);
        head.putLong(h + 56, 0x3000);
        head.putLong(h + 72, 2);
        head.putInt(h + 80, 128);
        head.putInt(h + 84, 128);
        head.putInt(h + 88, crc(head, entries, 128 * 128));
        head.putInt(h + 16, crc(head, h, 92));
    }

    private static int crc(ByteBuffer head, int at, int length) {
        CRC32 crc = new CRC32();
        crc.update(head.array(), at, length);
        return (int) crc.getValue();
    }
}
