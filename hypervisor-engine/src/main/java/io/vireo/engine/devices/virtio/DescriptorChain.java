package io.vireo.engine.devices.virtio;

import io.vireo.engine.mmu.GuestMemory;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A validated descriptor chain: the driver-readable buffers followed by the device-writable ones, each
 * already checked to lie inside guest RAM. Offsets below count across the buffers of one direction.
 */
public record DescriptorChain(int head, List<Segment> readable, List<Segment> writable) {
    public record Segment(long address, int length) {
    }

    public long readableLength() {
        return readable.stream().mapToLong(Segment::length).sum();
    }

    public long writableLength() {
        return writable.stream().mapToLong(Segment::length).sum();
    }

    /** Copies up to {@code dst.length} driver-readable bytes starting at {@code offset}; returns how many. */
    public int read(GuestMemory memory, long offset, byte[] dst) {
        return gather(memory, readable, offset, dst);
    }

    /** Copies up to {@code dst.length} bytes from a scatter-gather list starting at byte {@code offset}. */
    public static int gather(GuestMemory memory, List<Segment> segments, long offset, byte[] dst) {
        int done = 0;
        long skip = offset;
        for (Segment s : segments) {
            if (done == dst.length) {
                break;
            }
            if (skip >= s.length()) {
                skip -= s.length();
                continue;
            }
            int n = (int) Math.min(s.length() - skip, dst.length - done);
            memory.read(s.address() + skip, dst, done, n);
            done += n;
            skip = 0;
        }
        return done;
    }

    /** Writes {@code src} into the device-writable buffers starting at {@code offset}; returns bytes written. */
    public int write(GuestMemory memory, long offset, byte[] src, int length) {
        return write(memory, offset, src, 0, length);
    }

    /** Writes {@code length} bytes of {@code src} from {@code from} on; returns bytes written. */
    public int write(GuestMemory memory, long offset, byte[] src, int from, int length) {
        int done = 0;
        long skip = offset;
        for (Segment s : writable) {
            if (done == length) {
                break;
            }
            if (skip >= s.length()) {
                skip -= s.length();
                continue;
            }
            int n = (int) Math.min(s.length() - skip, length - done);
            memory.write(s.address() + skip, src, from + done, n);
            done += n;
            skip = 0;
        }
        return done;
    }

    /** Views of guest RAM for a range of one direction's buffers, for zero-copy I/O. */
    public static List<ByteBuffer> views(GuestMemory memory, List<Segment> segments, long offset, long length) {
        java.util.ArrayList<ByteBuffer> out = new java.util.ArrayList<>();
        long skip = offset, left = length;
        for (Segment s : segments) {
            if (left == 0) {
                break;
            }
            if (skip >= s.length()) {
                skip -= s.length();
                continue;
            }
            long n = Math.min(s.length() - skip, left);
            out.add(memory.slice(s.address() + skip, n).asByteBuffer());
            left -= n;
            skip = 0;
        }
        return out;
    }
}
