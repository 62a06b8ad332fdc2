package io.vireo.engine.devices.virtio.gpu;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.display.CursorImage;
import io.vireo.engine.mmu.GuestMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A 2D resource: the host's copy of its pixels as 0x00RRGGBB, and the guest pages backing it, from which
 * TRANSFER_TO_HOST_2D copies rectangles (converting from the resource's format on the way).
 */
final class Resource {
    /** Pointer shapes larger than this are not taken from a resource. */
    private static final int MAX_CURSOR_SIDE = 256;

    final int width, height;
    final int[] pixels;
    private final PixelFormat format;
    private List<DescriptorChain.Segment> backing = List.of();

    Resource(int width, int height, PixelFormat format) {
        this.width = width;
        this.height = height;
        this.format = format;
        this.pixels = new int[width * height];
    }

    long bytes() {
        return 4L * width * height;
    }

    void attach(List<DescriptorChain.Segment> entries) {
        backing = entries;
    }

    PixelFormat format() {
        return format;
    }

    List<DescriptorChain.Segment> backing() {
        return backing;
    }

    void detach() {
        backing = List.of();
    }

    private long backingBytes() {
        return backing.stream().mapToLong(DescriptorChain.Segment::length).sum();
    }

    /** Whether a rectangle (of any sign the guest sent) lies inside this resource. */
    boolean contains(int x, int y, int w, int h) {
        return x >= 0 && y >= 0 && w >= 0 && h >= 0 && x <= width - w && y <= height - h;
    }

    /**
     * Copies a rectangle in from the backing, whose rows are {@code 4 * width} bytes apart starting at
     * {@code offset}; false if the rectangle or the bytes it needs are not there.
     */
    boolean transfer(GuestMemory memory, int x, int y, int w, int h, long offset) {
        long stride = 4L * width;
        if (!contains(x, y, w, h) || offset < 0 || h > 0 && offset + stride * (h - 1) + 4L * w > backingBytes()) {
            return false;
        }
        byte[] row = new byte[4 * w];
        ByteBuffer rowView = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < h; j++) {
            DescriptorChain.gather(memory, backing, offset + stride * j, row);
            int base = (y + j) * width + x;
            for (int i = 0; i < w; i++) {
                pixels[base + i] = format.toRgb(rowView.getInt(4 * i));
            }
        }
        return true;
    }

    /**
     * The pointer shape this resource holds, read from the backing with its alpha (which the pixels drop),
     * or null if it cannot be one: too large, hotspot outside, or not fully backed.
     */
    CursorImage cursorImage(GuestMemory memory, int hotX, int hotY) {
        if (width > MAX_CURSOR_SIDE || height > MAX_CURSOR_SIDE || hotX < 0 || hotY < 0
                || hotX >= width || hotY >= height || backingBytes() < bytes()) {
            return null;
        }
        byte[] bytes = new byte[4 * width * height];
        DescriptorChain.gather(memory, backing, 0, bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            int v = b.getInt(4 * i);
            argb[i] = format.alpha(v) << 24 | format.toRgb(v);
        }
        return new CursorImage(width, height, hotX, hotY, argb);
    }
}
