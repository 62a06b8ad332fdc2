package io.vireo.engine.storage.qcow2;

/**
 * One decoded L2 (or L1) table entry. Standard entries hold a cluster-aligned host offset in bits 9-55,
 * the all-zeros flag in bit 0 and the COPIED flag (refcount is exactly one) in bit 63; compressed entries
 * (bit 62) pack a byte offset and a count of extra 512-byte sectors whose split depends on the cluster size.
 */
record L2Entry(Kind kind, long hostOffset, int compressedSectors) {
    enum Kind { UNALLOCATED, ZERO, NORMAL, COMPRESSED }

    static final long COPIED = 1L << 63;
    static final long COMPRESSED_FLAG = 1L << 62;
    static final long ZERO_FLAG = 1L;
    static final long OFFSET_MASK = 0x00fffffffffffe00L;

    static L2Entry decode(long raw, int clusterBits, boolean zeroFlagDefined) {
        if ((raw & COMPRESSED_FLAG) != 0) {
            int shift = 62 - (clusterBits - 8);
            long offset = raw & ((1L << shift) - 1);
            int sectors = (int) ((raw >>> shift) & ((1L << (clusterBits - 8)) - 1)) + 1;
            return new L2Entry(Kind.COMPRESSED, offset, sectors);
        }
        long host = raw & OFFSET_MASK;
        if (zeroFlagDefined && (raw & ZERO_FLAG) != 0) {
            return new L2Entry(Kind.ZERO, host, 0);
        }
        return new L2Entry(host == 0 ? Kind.UNALLOCATED : Kind.NORMAL, host, 0);
    }

    /** Bytes holding the compressed stream, read from {@link #hostOffset}. */
    long compressedLength() {
        return (long) compressedSectors * 512 - (hostOffset & 511);
    }

    /** Host range whose clusters the compressed cluster holds a reference to (sector-rounded, as QEMU counts). */
    long compressedRangeStart() {
        return hostOffset & ~511L;
    }

    long compressedRangeEnd() {
        return compressedRangeStart() + (long) compressedSectors * 512;
    }
}
