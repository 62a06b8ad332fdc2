package io.vireo.engine.devices.virtio.scsi;

import io.vireo.engine.storage.BlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A disk (SBC-3 direct-access block device) over a {@link BlockDevice}, in 512-byte blocks: reads, writes
 * (refused with DATA PROTECT on a read-only disk), capacity, cache flushes and the mode pages Linux's sd
 * driver reads. The device's I/O thread is its only caller.
 */
final class DiskUnit extends LogicalUnit {
    static final int BLOCK = 512;
    /** The largest transfer the block limits page and the controller's max_sectors announce, in blocks. */
    static final int MAX_TRANSFER_BLOCKS = 1024;
    private static final int READ_6 = 0x08, WRITE_6 = 0x0A, READ_CAPACITY_10 = 0x25, READ_10 = 0x28,
            WRITE_10 = 0x2A, SYNCHRONIZE_CACHE_10 = 0x35, READ_16 = 0x88, WRITE_16 = 0x8A, SYNCHRONIZE_CACHE_16 = 0x91,
            SERVICE_ACTION_IN_16 = 0x9E, READ_12 = 0xA8, WRITE_12 = 0xAA, START_STOP_UNIT = 0x1B,
            PREVENT_ALLOW_MEDIUM_REMOVAL = 0x1E;
    private static final int READ_CAPACITY_16 = 0x10;

    private final BlockDevice disk;
    private final long capacity;
    private final Inquiry inquiry;
    private final SortedMap<Integer, byte[]> modePages = new TreeMap<>();

    DiskUnit(BlockDevice disk, String serial) {
        this.disk = disk;
        this.capacity = disk.size() / BLOCK;
        byte[] limits = new byte[0x3C];
        ByteBuffer.wrap(limits).putInt(4, MAX_TRANSFER_BLOCKS).putInt(8, MAX_TRANSFER_BLOCKS);
        byte[] characteristics = new byte[0x3C];
        characteristics[1] = 1; // medium rotation rate 1: not rotating
        this.inquiry = new Inquiry(Inquiry.TYPE_DISK, false, "VIRTUAL DISK", serial,
                Map.of(0xB0, limits, 0xB1, characteristics, 0xB2, new byte[4]));
        byte[] caching = new byte[20];
        caching[0] = 0x08;
        caching[1] = 0x12;
        caching[2] = 0x04; // WCE: writes are cached until SYNCHRONIZE CACHE
        byte[] control = new byte[12];
        control[0] = 0x0A;
        control[1] = 0x0A;
        modePages.put(0x08, caching);
        modePages.put(0x0A, control);
    }

    @Override
    Inquiry inquiry() {
        return inquiry;
    }

    @Override
    Completion command(Cdb cdb, DataBuffers data) {
        return switch (cdb.opcode()) {
            case TEST_UNIT_READY, START_STOP_UNIT, PREVENT_ALLOW_MEDIUM_REMOVAL -> Completion.good(0);
            case READ_CAPACITY_10 -> readCapacity10(capacity, BLOCK, data);
            case SERVICE_ACTION_IN_16 -> (cdb.u8(1) & 0x1F) == READ_CAPACITY_16
                    ? readCapacity16(cdb, data) : Completion.check(Sense.INVALID_FIELD);
            case READ_6 -> read(disk, BLOCK, capacity, cdb.u32(0) & 0x1F_FFFF, blocks6(cdb), data);
            case READ_10 -> read(disk, BLOCK, capacity, cdb.u32(2), cdb.u16(7), data);
            case READ_12 -> read(disk, BLOCK, capacity, cdb.u32(2), cdb.u32(6), data);
            case READ_16 -> read(disk, BLOCK, capacity, cdb.u64(2), cdb.u32(10), data);
            case WRITE_6 -> writeChecked(cdb.u32(0) & 0x1F_FFFF, blocks6(cdb), data);
            case WRITE_10 -> writeChecked(cdb.u32(2), cdb.u16(7), data);
            case WRITE_12 -> writeChecked(cdb.u32(2), cdb.u32(6), data);
            case WRITE_16 -> writeChecked(cdb.u64(2), cdb.u32(10), data);
            case SYNCHRONIZE_CACHE_10, SYNCHRONIZE_CACHE_16 -> flush();
            case ModeSense.MODE_SENSE_6, ModeSense.MODE_SENSE_10 ->
                    ModeSense.answer(cdb, data, disk.readOnly(), modePages);
            default -> Completion.check(Sense.INVALID_OPCODE);
        };
    }

    /** READ (6) and WRITE (6) say 256 blocks with a length of 0. */
    private static long blocks6(Cdb cdb) {
        int n = cdb.u8(4);
        return n == 0 ? 256 : n;
    }

    private Completion writeChecked(long lba, long blocks, DataBuffers data) {
        return disk.readOnly() ? Completion.check(Sense.WRITE_PROTECTED) : write(disk, BLOCK, capacity, lba, blocks, data);
    }

    private Completion flush() {
        try {
            disk.flush();
            return Completion.good(0);
        } catch (IOException | RuntimeException e) {
            return Completion.check(Sense.WRITE_ERROR);
        }
    }

    private Completion readCapacity16(Cdb cdb, DataBuffers data) {
        byte[] b = new byte[32];
        ByteBuffer.wrap(b).putLong(capacity - 1).putInt(BLOCK);
        return data.send(b, cdb.u32(10));
    }
}
