package io.vireo.engine.network.frame;

import io.vireo.engine.network.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a DHCP message (RFC 2132), by code, in the order they came or were added. An option that
 * appears more than once is concatenated (RFC 3396). Typed readers return empty for an absent or
 * wrongly-sized option, so a guest's odd option never becomes an exception far from the parser.
 */
public final class DhcpOptions {
    public static final int PAD = 0;
    public static final int SUBNET_MASK = 1;
    public static final int ROUTER = 3;
    public static final int DNS_SERVERS = 6;
    public static final int HOST_NAME = 12;
    public static final int DOMAIN_NAME = 15;
    public static final int BROADCAST_ADDRESS = 28;
    public static final int REQUESTED_ADDRESS = 50;
    public static final int LEASE_TIME = 51;
    public static final int MESSAGE_TYPE = 53;
    public static final int SERVER_ID = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int MESSAGE = 56;
    public static final int RENEWAL_TIME = 58;
    public static final int REBINDING_TIME = 59;
    public static final int CLIENT_ID = 61;
    public static final int END = 255;

    private final Map<Integer, byte[]> values;

    private DhcpOptions(Map<Integer, byte[]> values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Parses options from {@code offset} up to the END option or the region's end. */
    static DhcpOptions parse(byte[] data, int offset, int length) throws FrameException {
        Region.check(data, offset, length);
        Map<Integer, byte[]> values = new LinkedHashMap<>();
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int code = BigEndian.u8(data, at);
            if (code == END) {
                break;
            }
            if (code == PAD) {
                at++;
                continue;
            }
            if (at + 2 > end) {
                throw new FrameException("DHCP option " + code + " has no length");
            }
            int optionLength = BigEndian.u8(data, at + 1);
            if (at + 2 + optionLength > end) {
                throw new FrameException("DHCP option " + code + " of length " + optionLength + " overruns the message");
            }
            byte[] value = Arrays.copyOfRange(data, at + 2, at + 2 + optionLength);
            values.merge(code, value, DhcpOptions::concatenate);
            at += 2 + optionLength;
        }
        return new DhcpOptions(Collections.unmodifiableMap(values));
    }

    private static byte[] concatenate(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    public boolean has(int code) {
        return values.containsKey(code);
    }

    /** The raw value of an option (a copy). */
    public Optional<byte[]> bytes(int code) {
        return Optional.ofNullable(values.get(code)).map(byte[]::clone);
    }

    public Optional<DhcpMessageType> messageType() {
        byte[] value = values.get(MESSAGE_TYPE);
        return value == null || value.length != 1 ? Optional.empty() : DhcpMessageType.of(value[0] & 0xFF);
    }

    /** A single-address option (requested address, server identifier, subnet mask). */
    public Optional<Ipv4Address> address(int code) {
        byte[] value = values.get(code);
        return value == null || value.length != 4 ? Optional.empty() : Optional.of(new Ipv4Address(BigEndian.i32(value, 0)));
    }

    /** A 32-bit unsigned option (lease, renewal, rebinding time). */
    public Optional<Long> unsigned32(int code) {
        byte[] value = values.get(code);
        return value == null || value.length != 4 ? Optional.empty() : Optional.of(BigEndian.i32(value, 0) & 0xFFFF_FFFFL);
    }

    /** A text option (host name, domain name, message), up to the first NUL some clients append. */
    public Optional<String> text(int code) {
        byte[] value = values.get(code);
        if (value == null) {
            return Optional.empty();
        }
        int length = 0;
        while (length < value.length && value[length] != 0) {
            length++;
        }
        return Optional.of(new String(value, 0, length, StandardCharsets.US_ASCII));
    }

    /** Writes the options and the END option at {@code offset}; returns the bytes written. */
    int write(byte[] out, int offset) {
        int at = offset;
        for (Map.Entry<Integer, byte[]> option : values.entrySet()) {
            byte[] value = option.getValue();
            // Values longer than one option holds are split into consecutive options (RFC 3396).
            int written = 0;
            do {
                int piece = Math.min(255, value.length - written);
                out[at] = (byte) (int) option.getKey();
                out[at + 1] = (byte) piece;
                System.arraycopy(value, written, out, at + 2, piece);
                at += 2 + piece;
                written += piece;
            } while (written < value.length);
        }
        out[at++] = (byte) END;
        return at - offset;
    }

    /** How many bytes {@link #write} writes. */
    int encodedLength() {
        int length = 1;
        for (byte[] value : values.values()) {
            length += value.length + 2 * Math.max(1, (value.length + 254) / 255);
        }
        return length;
    }

    @Override
    public String toString() {
        return "DhcpOptions" + values.keySet();
    }

    /** Options for a message the server sends, in the order they are added. */
    public static final class Builder {
        private final Map<Integer, byte[]> values = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder messageType(DhcpMessageType type) {
            return bytes(MESSAGE_TYPE, new byte[] {(byte) type.code()});
        }

        public Builder address(int code, Ipv4Address... addresses) {
            byte[] value = new byte[4 * addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                BigEndian.put32(value, 4 * i, addresses[i].bits());
            }
            return bytes(code, value);
        }

        public Builder unsigned32(int code, long value) {
            byte[] bytes = new byte[4];
            BigEndian.put32(bytes, 0, (int) value);
            return bytes(code, bytes);
        }

        public Builder text(int code, String value) {
            return bytes(code, value.getBytes(StandardCharsets.US_ASCII));
        }

        public Builder bytes(int code, byte[] value) {
            if (code == PAD || code == END || code < 0 || code > 255) {
                throw new IllegalArgumentException("not an option code: " + code);
            }
            values.put(code, value.clone());
            return this;
        }

        public DhcpOptions build() {
            return new DhcpOptions(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
