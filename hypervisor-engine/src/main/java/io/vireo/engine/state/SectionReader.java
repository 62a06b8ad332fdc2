package io.vireo.engine.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The payload of one section being read. Every read checks that the payload still holds the field, so a
 * short or lying section ends in a {@link SavedStateException} naming it, never in a buffer exception or
 * an allocation the file asked for.
 */
public final class SectionReader {
    private final String name;
    private final ByteBuffer payload;

    SectionReader(String name, byte[] payload) {
        this.name = name;
        this.payload = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The section's tag and, for repeated sections, which one ("HART 1"). */
    public String name() {
        return name;
    }

    private ByteBuffer need(long bytes) throws SavedStateException {
        if (bytes > payload.remaining()) {
            throw problem("truncated: %d more bytes wanted at offset %d of %d".formatted(bytes, payload.position(),
                    payload.limit()));
        }
        return payload;
    }

    public int u8() throws SavedStateException {
        return need(1).get() & 0xFF;
    }

    public boolean bool() throws SavedStateException {
        int v = u8();
        if (v > 1) {
            throw problem("a flag holds " + v);
        }
        return v == 1;
    }

    public int u16() throws SavedStateException {
        return need(2).getShort() & 0xFFFF;
    }

    public int u32() throws SavedStateException {
        return need(4).getInt();
    }

    /** A u32 that must lie in {@code [0, max]}: a count or an index. */
    public int count(int max, String what) throws SavedStateException {
        int v = u32();
        if (v < 0 || v > max) {
            throw problem(what + " " + Integer.toUnsignedString(v) + " is not between 0 and " + max);
        }
        return v;
    }

    public long u64() throws SavedStateException {
        return need(8).getLong();
    }

    public long[] u64s(int count) throws SavedStateException {
        need(8L * count);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = payload.getLong();
        }
        return values;
    }

    /** A u32 length of at most {@code max}, then that many bytes. */
    public byte[] bytes(int max) throws SavedStateException {
        int length = count(max, "byte string length");
        need(length);
        byte[] values = new byte[length];
        payload.get(values);
        return values;
    }

    /** Ends the section: a known section must hold exactly its fields. */
    public void end() throws SavedStateException {
        if (payload.hasRemaining()) {
            throw problem(payload.remaining() + " bytes left over after its fields");
        }
    }

    public SavedStateException problem(String what) {
        return new SavedStateException("section " + name + ": " + what);
    }
}
