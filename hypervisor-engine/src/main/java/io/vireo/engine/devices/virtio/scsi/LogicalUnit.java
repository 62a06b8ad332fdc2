package io.vireo.engine.devices.virtio.scsi;

import io.vireo.engine.storage.BlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One logical unit behind the controller (target N, LUN 0). The commands every unit answers alike are
 * here (INQUIRY, REQUEST SENSE, REPORT LUNS); a disk or a CD-ROM drive answers the rest. Blocks move
 * between a {@link BlockDevice} and the guest's buffers in place, once the range and the buffers are checked.
 */
abstract class LogicalUnit {
    static final int TEST_UNIT_READY = 0x00, REQUEST_SENSE = 0x03, INQUIRY = 0x12, REPORT_LUNS = 0xA0;

    /** Runs one command; a unit answers every command, with CHECK CONDITION for those it does not know. */
    final Completion execute(Cdb cdb, DataBuffers data) {
        return switch (cdb.opcode()) {
            case INQUIRY -> inquiry().answer(cdb, data);
            case REQUEST_SENSE -> data.send(pendingSense().fixedFormat(), cdb.u8(4));
            case REPORT_LUNS -> reportLuns(cdb, data);
            default -> command(cdb, data);
        };
    }

    abstract Inquiry inquiry();

    /** The sense REQUEST SENSE reports (and clears, if it was pending). */
    Sense pendingSense() {
        return Sense.NONE;
    }

    abstract Completion command(Cdb cdb, DataBuffers data);

    /** The unit's LUN 0 is the only one on its target. */
    static Completion reportLuns(Cdb cdb, DataBuffers data) {
        long allocation = cdb.u32(6);
        if (allocation < 16) {
            return Completion.check(Sense.INVALID_FIELD);
        }
        byte[] list = new byte[16];
        list[3] = 8;
        return data.send(list, allocation);
    }

    /**
     * Reads {@code blocks} blocks of {@code blockSize} bytes at {@code lba} into the data-in buffers, after
     * checking they lie on a device of {@code capacity} blocks and fit the buffers.
     */
    static Completion read(BlockDevice device, int blockSize, long capacity, long lba, long blocks, DataBuffers data) {
        Completion refused = checkTransfer(lba, blocks, capacity, blockSize, data.inLength());
        if (refused != null) {
            return refused;
        }
        long offset = lba * blockSize;
        try {
            for (ByteBuffer view : data.inViews(blocks * blockSize)) {
                int n = view.remaining();
                device.read(offset, view);
                offset += n;
            }
        } catch (IOException | RuntimeException e) {
            return Completion.check(Sense.READ_ERROR);
        } finally {
            data.markInWritten();
        }
        return Completion.good(blocks * blockSize);
    }

    /** Writes the data-out buffers to {@code blocks} blocks at {@code lba}, checked as {@link #read} is. */
    static Completion write(BlockDevice device, int blockSize, long capacity, long lba, long blocks, DataBuffers data) {
        Completion refused = checkTransfer(lba, blocks, capacity, blockSize, data.outLength());
        if (refused != null) {
            return refused;
        }
        long offset = lba * blockSize;
        try {
            for (ByteBuffer view : data.outViews(blocks * blockSize)) {
                int n = view.remaining();
                device.write(offset, view);
                offset += n;
            }
        } catch (IOException | RuntimeException e) {
            return Completion.check(Sense.WRITE_ERROR);
        }
        return Completion.good(blocks * blockSize);
    }

    /** LBAs are unsigned 64-bit and lengths up to 2^32 blocks: compare without overflowing. */
    private static Completion checkTransfer(long lba, long blocks, long capacity, int blockSize, long buffers) {
        if (Long.compareUnsigned(lba, capacity) > 0 || blocks > capacity - lba) {
            return Completion.check(Sense.LBA_OUT_OF_RANGE);
        }
        return blocks * blockSize > buffers ? Completion.overrun() : null;
    }

    /** READ CAPACITY (10): the last LBA (all ones when it does not fit) and the block size. */
    static Completion readCapacity10(long capacity, int blockSize, DataBuffers data) {
        byte[] b = new byte[8];
        long last = Math.min(capacity - 1, 0xFFFF_FFFFL);
        ByteBuffer.wrap(b).putInt((int) last).putInt(blockSize);
        return data.send(b, b.length);
    }
}
