package io.vireo.engine.display.rfb.encoding;

/** A whole screen of 0x00RRGGBB pixels, row-major, as a session last read it from the guest. */
public record Frame(int width, int height, int[] pixels) {
    public Frame(int width, int height) {
        this(width, height, new int[width * height]);
    }

    public int at(int x, int y) {
        return pixels[y * width + x];
    }

    /** Copies rectangle pixels {@code src} (row stride {@code w}) into this frame at ({@code x}, {@code y}). */
    public void paste(int x, int y, int w, int h, int[] src) {
        for (int j = 0; j < h; j++) {
            System.arraycopy(src, j * w, pixels, (y + j) * width + x, w);
        }
    }

    /** Copies the same rectangle of {@code other} (same size) into this frame. */
    public void copyFrom(Frame other, int x, int y, int w, int h) {
        for (int j = y; j < y + h; j++) {
            System.arraycopy(other.pixels, j * width + x, pixels, j * width + x, w);
        }
    }
}
