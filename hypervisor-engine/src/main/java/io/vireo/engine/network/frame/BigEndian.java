package io.vireo.engine.network.frame;

/** Network byte order reads and writes on a byte array; callers check bounds before they come here. */
public final class BigEndian {
    private BigEndian() {
    }

    public static int u8(byte[] data, int offset) {
        return data[offset] & 0xFF;
    }

    public static int u16(byte[] data, int offset) {
        return (data[offset] & 0xFF) << 8 | data[offset + 1] & 0xFF;
    }

    public static int i32(byte[] data, int offset) {
        return (data[offset] & 0xFF) << 24 | (data[offset + 1] & 0xFF) << 16 | (data[offset + 2] & 0xFF) << 8
                | data[offset + 3] & 0xFF;
    }

    /** The 48-bit MAC address at {@code offset}, in the low bits of a long (as {@code MacAddress} holds it). */
    public static long u48(byte[] data, int offset) {
        return (long) u16(data, offset) << 32 | i32(data, offset + 2) & 0xFFFF_FFFFL;
    }

    public static void put16(byte[] data, int offset, int value) {
        data[offset] = (byte) (value >>> 8);
        data[offset + 1] = (byte) value;
    }

    public static void put32(byte[] data, int offset, int value) {
        data[offset] = (byte) (value >>> 24);
        data[offset + 1] = (byte) (value >>> 16);
        data[offset + 2] = (byte) (value >>> 8);
        data[offset + 3] = (byte) value;
    }
}
