package io.vireo.engine.devices.virtio.gpu;

import io.vireo.engine.devices.virtio.DescriptorChain.Segment;
import io.vireo.engine.mmu.GuestMemory;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * A virtio-gpu command (virtio 1.x §5.7.6) as typed fields, parsed from the bytes the guest put on a
 * queue (little-endian, after the 24-byte control header). Everything that can be checked without the
 * device's state is checked here: the length each type needs, the scanout number, a new resource's format
 * and size, and that backing pages lie in guest RAM. What depends on the resources (does the id exist,
 * does the rectangle fit) is checked where they live, in {@link ResourceTable} and {@link Scanout}.
 */
sealed interface GpuCommand {
    int HEADER = 24;
    /** The largest control request read; only ATTACH_BACKING with many pages comes near it. */
    int MAX_REQUEST = 1 << 20;
    /** The widest or tallest resource or mode accepted. */
    int MAX_SIDE = 16384;
    /** An UPDATE_CURSOR or MOVE_CURSOR request: header, position, resource, hotspot, padding. */
    int CURSOR_REQUEST = 56;
    int MAX_BACKING_ENTRIES = 1 << 16;
    int GET_DISPLAY_INFO = 0x100, RESOURCE_CREATE_2D = 0x101, RESOURCE_UNREF = 0x102, SET_SCANOUT = 0x103,
            RESOURCE_FLUSH = 0x104, TRANSFER_TO_HOST_2D = 0x105, ATTACH_BACKING = 0x106, DETACH_BACKING = 0x107,
            GET_EDID = 0x10A, UPDATE_CURSOR = 0x300;

    record GetDisplayInfo() implements GpuCommand {
    }

    record GetEdid() implements GpuCommand {
    }

    record CreateResource(int id, PixelFormat format, int width, int height) implements GpuCommand {
        long bytes() {
            return 4L * width * height;
        }
    }

    record Unref(int id) implements GpuCommand {
    }

    record AttachBacking(int id, List<Segment> entries) implements GpuCommand {
    }

    record DetachBacking(int id) implements GpuCommand {
    }

    /** Scanout 0 shows a rectangle of a resource; resource 0 turns it off. */
    record SetScanout(int id, int x, int y, int width, int height) implements GpuCommand {
    }

    /** Copies a rectangle from the resource's backing, starting {@code offset} bytes into it, into its pixels. */
    record TransferToHost(int id, int x, int y, int width, int height, long offset) implements GpuCommand {
    }

    record Flush(int id, int x, int y, int width, int height) implements GpuCommand {
    }

    /** The pointer is now resource {@code id}'s pixels with this hotspot (cursor queue). */
    record UpdateCursor(int id, int hotX, int hotY) {
    }

    /** A request this device will not run; {@code response} is what the guest gets back. */
    final class Refused extends Exception {
        final GpuResponse response;

        Refused(GpuResponse response) {
            // No stack trace: a guest can send these as fast as it likes.
            super(response.name(), null, false, false);
            this.response = response;
        }
    }

    GetDisplayInfo DISPLAY_INFO = new GetDisplayInfo();
    GetEdid EDID = new GetEdid();

    /** Whether a control request of {@code length} bytes has a header to parse (and a fence to echo). */
    static boolean framed(long length) {
        return length >= HEADER && length <= MAX_REQUEST;
    }

    /** Parses a control request: {@code req} holds all of it, from 0 to its limit. */
    static GpuCommand parse(ByteBuffer req, GuestMemory memory) throws Refused {
        int type = req.getInt(0);
        if (req.limit() < HEADER + bodyLength(type)) {
            throw new Refused(GpuResponse.ERR_UNSPEC);
        }
        return switch (type) {
            case GET_DISPLAY_INFO -> DISPLAY_INFO;
            case GET_EDID -> {
                if (req.limit() >= 28 && req.getInt(24) != 0) {
                    throw new Refused(GpuResponse.ERR_INVALID_SCANOUT);
                }
                yield EDID;
            }
            case RESOURCE_CREATE_2D -> create(req);
            case RESOURCE_UNREF -> new Unref(req.getInt(24));
            case ATTACH_BACKING -> attach(req, memory);
            case DETACH_BACKING -> new DetachBacking(req.getInt(24));
            case SET_SCANOUT -> {
                if (req.getInt(40) != 0) {
                    throw new Refused(GpuResponse.ERR_INVALID_SCANOUT);
                }
                yield new SetScanout(req.getInt(44), req.getInt(24), req.getInt(28), req.getInt(32), req.getInt(36));
            }
            case TRANSFER_TO_HOST_2D -> new TransferToHost(req.getInt(48), req.getInt(24), req.getInt(28),
                    req.getInt(32), req.getInt(36), req.getLong(40));
            case RESOURCE_FLUSH -> new Flush(req.getInt(40), req.getInt(24), req.getInt(28), req.getInt(32),
                    req.getInt(36));
            default -> throw new Refused(GpuResponse.ERR_UNSPEC);
        };
    }

    /** Bytes each type needs after the header; unknown types need none (they are refused anyway). */
    private static int bodyLength(int type) {
        return switch (type) {
            case RESOURCE_CREATE_2D -> 16;
            case RESOURCE_UNREF, DETACH_BACKING -> 4;
            case ATTACH_BACKING -> 8;
            case SET_SCANOUT, RESOURCE_FLUSH -> 24;
            case TRANSFER_TO_HOST_2D -> 32;
            default -> 0;
        };
    }

    private static CreateResource create(ByteBuffer req) throws Refused {
        int id = req.getInt(24), width = req.getInt(32), height = req.getInt(36);
        PixelFormat format = PixelFormat.of(req.getInt(28));
        if (id == 0 || format == null || width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new Refused(GpuResponse.ERR_INVALID_PARAMETER);
        }
        return new CreateResource(id, format, width, height);
    }

    /** The page list after {id, count}: {le64 address, le32 length, le32 padding} each, all inside RAM. */
    private static AttachBacking attach(ByteBuffer req, GuestMemory memory) throws Refused {
        int count = req.getInt(28);
        if (count < 0 || count > MAX_BACKING_ENTRIES || 32L + 16L * count > req.limit()) {
            throw new Refused(GpuResponse.ERR_INVALID_PARAMETER);
        }
        Segment[] entries = new Segment[count];
        for (int i = 0; i < count; i++) {
            long address = req.getLong(32 + 16 * i);
            int length = req.getInt(40 + 16 * i);
            if (length < 0 || !memory.contains(address, length)) {
                throw new Refused(GpuResponse.ERR_INVALID_PARAMETER);
            }
            entries[i] = new Segment(address, length);
        }
        return new AttachBacking(req.getInt(24), List.of(entries));
    }

    /**
     * Parses a cursor-queue request of {@code length} bytes held in {@code req}. Only UPDATE_CURSOR needs
     * the device: MOVE_CURSOR does not, as a viewer draws the pointer where its own mouse is.
     */
    static Optional<UpdateCursor> parseCursor(ByteBuffer req, long length) {
        if (length < CURSOR_REQUEST || req.getInt(0) != UPDATE_CURSOR) {
            return Optional.empty();
        }
        return Optional.of(new UpdateCursor(req.getInt(40), req.getInt(44), req.getInt(48)));
    }
}
