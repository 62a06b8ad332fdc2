package io.vireo.engine.devices.virtio.gpu;

/** The virtio-gpu 32-bit formats, converting one pixel (as a little-endian int of its bytes) to 0x00RRGGBB. */
enum PixelFormat {
    B8G8R8A8(1), B8G8R8X8(2), A8R8G8B8(3), X8R8G8B8(4), R8G8B8A8(67), X8B8G8R8(68), A8B8G8R8(121), R8G8B8X8(134);

    final int code;

    PixelFormat(int code) {
        this.code = code;
    }

    static PixelFormat of(int code) {
        for (PixelFormat f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        return null;
    }

    /** The pixel's alpha, 255 for formats without one. */
    int alpha(int v) {
        return switch (this) {
            case B8G8R8A8, R8G8B8A8 -> v >>> 24;
            case A8R8G8B8, A8B8G8R8 -> v & 0xFF;
            default -> 255;
        };
    }

    int toRgb(int v) {
        return switch (this) {
            case B8G8R8A8, B8G8R8X8 -> v & 0xFFFFFF;
            case A8R8G8B8, X8R8G8B8 -> ((v >>> 8) & 0xFF) << 16 | ((v >>> 16) & 0xFF) << 8 | (v >>> 24);
            case R8G8B8A8, R8G8B8X8 -> (v & 0xFF) << 16 | (v & 0xFF00) | ((v >>> 16) & 0xFF);
            case X8B8G8R8, A8B8G8R8 -> v >>> 8;
        };
    }
}
