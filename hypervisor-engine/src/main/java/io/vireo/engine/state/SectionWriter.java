package io.vireo.engine.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** The payload of one section being written: fixed-width little-endian fields appended in order. */
public final class SectionWriter {
    private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

    private ByteBuffer room(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer grown = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                    .order(ByteOrder.LITTLE_ENDIAN);
            grown.put(buffer.flip());
            buffer = grown;
        }
        return buffer;
    }

    public SectionWriter u8(int value) {
        room(1).put((byte) value);
        return this;
    }

    public SectionWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public SectionWriter u16(int value) {
        room(2).putShort((short) value);
        return this;
    }

    public SectionWriter u32(int value) {
        room(4).putInt(value);
        return this;
    }

    public SectionWriter u64(long value) {
        room(8).putLong(value);
        return this;
    }

    public SectionWriter u64s(long[] values) {
        for (long v : values) {
            u64(v);
        }
        return this;
    }

    /** A u32 length, then the bytes. */
    public SectionWriter bytes(byte[] values) {
        u32(values.length);
        room(values.length).put(values);
        return this;
    }

    byte[] toBytes() {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
