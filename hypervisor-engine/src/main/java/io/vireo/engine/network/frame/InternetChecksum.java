package io.vireo.engine.network.frame;

import io.vireo.engine.network.Ipv4Address;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words.
 * Partial sums are plain ints that {@link #finish} folds, so a pseudo-header and a payload add up in pieces.
 */
public final class InternetChecksum {
    private InternetChecksum() {
    }

    /** Adds {@code length} bytes at {@code offset} to a partial sum; an odd last byte is padded with zero. */
    public static int add(int sum, byte[] data, int offset, int length) {
        long total = sum & 0xFFFF_FFFFL;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            total += (data[i] & 0xFF) << 8 | data[i + 1] & 0xFF;
        }
        if (i < end) {
            total += (data[i] & 0xFF) << 8;
        }
        return fold(total);
    }

    /** The partial sum of the IPv4 pseudo-header TCP and UDP checksums cover. */
    public static int pseudoHeader(Ipv4Address source, Ipv4Address destination, int protocol, int length) {
        long total = (source.bits() >>> 16) + (source.bits() & 0xFFFF) + (destination.bits() >>> 16)
                + (destination.bits() & 0xFFFF) + protocol + length;
        return fold(total);
    }

    /** The checksum to write from a partial sum: folded to 16 bits and complemented. */
    public static int finish(int sum) {
        return ~fold(sum & 0xFFFF_FFFFL) & 0xFFFF;
    }

    /** The checksum of one region on its own. */
    public static int of(byte[] data, int offset, int length) {
        return finish(add(0, data, offset, length));
    }

    private static int fold(long total) {
        while (total >>> 16 != 0) {
            total = (total & 0xFFFF) + (total >>> 16);
        }
        return (int) total;
    }
}
