package io.vireo.engine.storage.vmdk;

import io.vireo.engine.storage.ImageException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 512-byte header of a hosted sparse VMDK extent (monolithicSparse and streamOptimized), all fields
 * little-endian. Offsets and sizes are in 512-byte sectors.
 */
public record VmdkHeader(int version, int flags, long capacity, long grainSize, long descriptorOffset,
        long descriptorSize, int gtesPerGt, long rgdOffset, long gdOffset, long overhead, int compressAlgorithm) {

    static final int MAGIC = 0x564d444b;
    static final int SECTOR = 512;
    static final long GD_AT_END = -1L;
    static final int FLAG_NEWLINE_TEST = 1;
    static final int FLAG_COMPRESSED = 1 << 16;
    static final int FLAG_MARKERS = 1 << 17;
    static final int COMPRESS_DEFLATE = 1;
    static final long MAX_GRAIN_SECTORS = 2048;
    static final int MAX_GTES_PER_GT = 4096;
    static final long MAX_CAPACITY_SECTORS = 1L << 40;

    boolean compressed() {
        return (flags & FLAG_COMPRESSED) != 0;
    }

    long grainBytes() {
        return grainSize * SECTOR;
    }

    long gdEntries() {
        return Math.ceilDiv(capacity, grainSize * gtesPerGt);
    }

    static VmdkHeader parse(ByteBuffer sector, String name) throws ImageException {
        ByteBuffer b = sector.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < SECTOR || b.getInt(0) != MAGIC) {
            throw new ImageException(name + ": not a sparse VMDK extent (bad magic)");
        }
        VmdkHeader h = new VmdkHeader(b.getInt(4), b.getInt(8), b.getLong(12), b.getLong(20), b.getLong(28),
                b.getLong(36), b.getInt(44), b.getLong(48), b.getLong(56), b.getLong(64),
                b.getShort(77) & 0xffff);
        h.validate(name);
        return h;
    }

    private void validate(String name) throws ImageException {
        if (version < 1 || version > 3) {
            throw new ImageException(name + ": unsupported VMDK version " + version);
        }
        if (grainSize < 1 || grainSize > MAX_GRAIN_SECTORS || Long.bitCount(grainSize) != 1) {
            throw new ImageException(name + ": VMDK grain size of " + grainSize + " sectors is invalid");
        }
        if (gtesPerGt < 1 || gtesPerGt > MAX_GTES_PER_GT) {
            throw new ImageException(name + ": VMDK grain table size " + gtesPerGt + " is invalid");
        }
        if (capacity < 0 || capacity > MAX_CAPACITY_SECTORS) {
            throw new ImageException(name + ": VMDK capacity of " + capacity + " sectors is invalid");
        }
        if (compressed() && compressAlgorithm != COMPRESS_DEFLATE) {
            throw new ImageException(name + ": VMDK compression algorithm " + compressAlgorithm + " is not supported");
        }
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, MAGIC).putInt(4, version).putInt(8, flags).putLong(12, capacity).putLong(20, grainSize)
                .putLong(28, descriptorOffset).putLong(36, descriptorSize).putInt(44, gtesPerGt)
                .putLong(48, rgdOffset).putLong(56, gdOffset).putLong(64, overhead);
        b.put(73, (byte) '\n').put(74, (byte) ' ').put(75, (byte) '\r').put(76, (byte) '\n');
        b.putShort(77, (short) compressAlgorithm);
        return b;
    }

    VmdkHeader withGdOffset(long offset) {
        return new VmdkHeader(version, flags, capacity, grainSize, descriptorOffset, descriptorSize, gtesPerGt,
                rgdOffset, offset, overhead, compressAlgorithm);
    }
}
