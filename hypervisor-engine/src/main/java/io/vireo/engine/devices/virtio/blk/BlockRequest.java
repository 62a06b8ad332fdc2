package io.vireo.engine.devices.virtio.blk;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.storage.BlockDevice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A virtio-blk request parsed from its chain (virtio 1.x §5.2.6): the 16-byte header the driver wrote,
 * the data buffers, and the one status byte at the very end of the writable part. Every field the guest
 * controls is checked here, against the disk it is aimed at: the type, the sector range, the data length
 * and its alignment, writes to a read-only disk, and the segment list of a discard or write-zeroes. What
 * comes out is a request the device can execute as it is; anything else is {@link Refused} with the
 * status the guest reads.
 *
 * @param offset where the data starts on the disk, in bytes (for IN and OUT)
 * @param length bytes of data: read into the writable buffers (IN, GET_ID) or written from the readable
 *               ones after the header (OUT)
 * @param ranges the disk ranges of a DISCARD or WRITE_ZEROES, empty for the other types
 */
record BlockRequest(Type type, long offset, long length, DescriptorChain chain, List<Range> ranges) {
    /** The request types the device serves, with their numbers in the header. */
    enum Type {
        IN(0), OUT(1), FLUSH(4), GET_ID(8), DISCARD(11), WRITE_ZEROES(13);

        /** values() copies its array on every call; a request should not. */
        private static final Type[] ALL = values();

        final int code;

        Type(int code) {
            this.code = code;
        }

        static Type of(int code) throws Refused {
            for (Type t : ALL) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new Refused(STATUS_UNSUPP, "unknown request type " + code);
        }
    }

    /** One range of a DISCARD or WRITE_ZEROES, in bytes. */
    record Range(long offset, long length) {
    }

    /** What the guest reads in the status byte. */
    static final int STATUS_OK = 0, STATUS_IOERR = 1, STATUS_UNSUPP = 2;
    static final int HEADER = 16;
    static final int SECTOR = 512;
    /** The most sectors one discard or write-zeroes range may name (the configuration space says so). */
    static final int MAX_RANGE_SECTORS = 1 << 22;
    /** Ranges one discard or write-zeroes request may list. */
    static final int MAX_RANGES = 64;
    /** The longest serial GET_ID returns: virtio's limit. */
    static final int ID_BYTES = 20;

    private static final int RANGE_BYTES = 16;
    private static final int FLAG_UNMAP = 1;

    /** Parses and checks a chain; throws {@link Refused} with the status to report if it is not a request to run. */
    static BlockRequest parse(GuestMemory memory, DescriptorChain chain, BlockDevice disk) throws Refused {
        if (chain.readableLength() < HEADER || chain.writableLength() < 1) {
            throw new Refused(STATUS_IOERR, "request without header or status byte");
        }
        byte[] header = new byte[HEADER];
        chain.read(memory, 0, header);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        Type type = Type.of(h.getInt(0));
        long sector = h.getLong(8);
        long readable = chain.readableLength() - HEADER, writable = chain.writableLength() - 1;
        return switch (type) {
            case IN -> new BlockRequest(type, dataRange(sector, writable, disk), writable, chain, List.of());
            case OUT -> {
                refuseIfReadOnly(disk);
                yield new BlockRequest(type, dataRange(sector, readable, disk), readable, chain, List.of());
            }
            case FLUSH -> new BlockRequest(type, 0, 0, chain, List.of());
            case GET_ID -> new BlockRequest(type, 0, Math.min(ID_BYTES, writable), chain, List.of());
            case DISCARD, WRITE_ZEROES -> {
                refuseIfReadOnly(disk);
                yield new BlockRequest(type, 0, readable, chain, ranges(memory, chain, type, readable, disk));
            }
        };
    }

    private static void refuseIfReadOnly(BlockDevice disk) throws Refused {
        if (disk.readOnly()) {
            throw new Refused(STATUS_IOERR, "write to a read-only disk");
        }
    }

    /** The byte offset of {@code length} bytes of data at {@code sector}, once they are whole sectors on the disk. */
    private static long dataRange(long sector, long length, BlockDevice disk) throws Refused {
        if (length % SECTOR != 0) {
            throw new Refused(STATUS_IOERR, "data length " + length + " is not a whole number of sectors");
        }
        return checkedOffset(sector, length, disk);
    }

    private static long checkedOffset(long sector, long bytes, BlockDevice disk) throws Refused {
        long size = disk.size();
        if (sector < 0 || sector > size / SECTOR || bytes > size - sector * SECTOR) {
            throw new Refused(STATUS_IOERR, "sector " + sector + " +" + bytes + " bytes lies past the disk's end");
        }
        return sector * SECTOR;
    }

    /**
     * The segment list after the header: {le64 sector, le32 sectors, le32 flags} each. Unmap is the only
     * flag, and only write-zeroes may set it; every range is checked before any is applied.
     */
    private static List<Range> ranges(GuestMemory memory, DescriptorChain chain, Type type, long length,
                                      BlockDevice disk) throws Refused {
        if (length % RANGE_BYTES != 0 || length == 0 || length > (long) RANGE_BYTES * MAX_RANGES) {
            throw new Refused(STATUS_UNSUPP, "segment list of " + length + " bytes");
        }
        byte[] segments = new byte[(int) length];
        chain.read(memory, HEADER, segments);
        ByteBuffer b = ByteBuffer.wrap(segments).order(ByteOrder.LITTLE_ENDIAN);
        int allowedFlags = type == Type.WRITE_ZEROES ? FLAG_UNMAP : 0;
        Range[] ranges = new Range[(int) (length / RANGE_BYTES)];
        for (int i = 0; i < ranges.length; i++) {
            long sector = b.getLong();
            long count = b.getInt() & 0xFFFFFFFFL;
            int flags = b.getInt();
            if ((flags & ~allowedFlags) != 0) {
                throw new Refused(STATUS_UNSUPP, "flags 0x" + Integer.toHexString(flags) + " on a " + type);
            }
            if (count > MAX_RANGE_SECTORS) {
                throw new Refused(STATUS_IOERR, count + " sectors in one range");
            }
            ranges[i] = new Range(checkedOffset(sector, count * SECTOR, disk), count * SECTOR);
        }
        return List.of(ranges);
    }

    /** A chain that is not a request to run; {@code status} is what the guest reads. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            // No stack trace: a guest can send these as fast as it likes, and the status says everything.
            super(message, null, false, false);
            this.status = status;
        }
    }
}
