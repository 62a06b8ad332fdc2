package io.vireo.engine.network;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** A 48-bit Ethernet address, held in the low bits of a long. */
public record MacAddress(long bits) {
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);
    /** Vireo's prefix: the locally-administered bit set, unicast, as QEMU's 52:54:00 but its own. */
    private static final long VIREO_PREFIX = 0x52_56_00L << 24;

    public MacAddress {
        if ((bits & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits");
        }
    }

    /** Parses {@code 52:56:00:12:34:56} (colons or dashes, either case). */
    public static MacAddress parse(String text) {
        String[] parts = text.trim().split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long bits = 0;
        for (String part : parts) {
            if (part.length() != 2 || !HexFormat.isHexDigit(part.charAt(0)) || !HexFormat.isHexDigit(part.charAt(1))) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            bits = bits << 8 | HexFormat.fromHexDigits(part);
        }
        return new MacAddress(bits);
    }

    /** A fresh unicast address under Vireo's locally-administered prefix. */
    public static MacAddress random(RandomGenerator random) {
        return new MacAddress(VIREO_PREFIX | random.nextLong(1, 0xFF_FFFFL));
    }

    public static MacAddress of(byte[] six, int offset) {
        long bits = 0;
        for (int i = 0; i < 6; i++) {
            bits = bits << 8 | (six[offset + i] & 0xFF);
        }
        return new MacAddress(bits);
    }

    public void write(byte[] to, int offset) {
        for (int i = 0; i < 6; i++) {
            to[offset + i] = (byte) (bits >>> (40 - 8 * i));
        }
    }

    public boolean isMulticast() {
        return (bits >>> 40 & 1) != 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(HexFormat.of().toHexDigits((byte) (bits >>> (40 - 8 * i))));
        }
        return text.toString();
    }
}
