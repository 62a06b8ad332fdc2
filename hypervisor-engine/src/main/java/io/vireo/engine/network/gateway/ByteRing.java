package io.vireo.engine.network.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A fixed-capacity ring of bytes between a host socket and a guest: filled at the tail, drained at the head,
 * read at any offset from the head (data sent to a guest stays until it acknowledges it, and may be sent
 * again). Its array is allocated on first use: most flows carry little and many carry nothing one way.
 */
final class ByteRing {
    private final int capacity;
    private byte[] bytes;
    private int head;
    private int size;

    ByteRing(int capacity) {
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    int free() {
        return capacity - size;
    }

    /** Appends {@code length} bytes; the caller checked {@link #free}. */
    void put(byte[] from, int offset, int length) {
        if (length > free()) {
            throw new IllegalArgumentException(length + " bytes do not fit in " + free());
        }
        int tail = tail();
        int first = Math.min(length, capacity - tail);
        System.arraycopy(from, offset, array(), tail, first);
        System.arraycopy(from, offset + first, bytes, 0, length - first);
        size += length;
    }

    /** Reads at most {@code max} bytes from the channel into the tail; returns the count, or -1 at its end. */
    int readFrom(ReadableByteChannel channel, int max) throws IOException {
        int tail = tail();
        int length = Math.min(Math.min(max, free()), capacity - tail);
        int read = channel.read(ByteBuffer.wrap(array(), tail, length));
        if (read > 0) {
            size += read;
        }
        return read;
    }

    /** Writes from the head into the channel as far as it takes; returns the bytes taken (and dropped here). */
    int writeTo(WritableByteChannel channel) throws IOException {
        int total = 0;
        while (size > 0) {
            int length = Math.min(size, capacity - head);
            int written = channel.write(ByteBuffer.wrap(bytes, head, length));
            skip(written);
            total += written;
            if (written < length) {
                break;
            }
        }
        return total;
    }

    /** Copies {@code length} bytes starting {@code offset} bytes after the head, leaving them in place. */
    void copy(int offset, byte[] to, int at, int length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IllegalArgumentException("bytes " + offset + "+" + length + " beyond the " + size + " held");
        }
        if (length == 0) {
            return;
        }
        int start = (head + offset) % capacity;
        int first = Math.min(length, capacity - start);
        System.arraycopy(bytes, start, to, at, first);
        System.arraycopy(bytes, 0, to, at + first, length - first);
    }

    /** Drops {@code count} bytes from the head. */
    void skip(int count) {
        if (count < 0 || count > size) {
            throw new IllegalArgumentException("cannot drop " + count + " of " + size + " bytes");
        }
        head = (head + count) % capacity;
        size -= count;
    }

    private int tail() {
        return (head + size) % capacity;
    }

    private byte[] array() {
        if (bytes == null) {
            bytes = new byte[capacity];
        }
        return bytes;
    }
}
