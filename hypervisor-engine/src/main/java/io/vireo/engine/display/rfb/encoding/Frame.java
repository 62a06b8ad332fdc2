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

    /** Moves rows {@code [srcY, srcY + rows)} of columns {@code [x, x + w)} to {@code dstY}, as a client does for CopyRect. */
    public void moveRows(int x, int w, int srcY, int dstY, int rows) {
        boolean down = dstY > srcY;
        for (int k = 0; k < rows; k++) {
            int j = down ? rows - 1 - k : k;
            System.arraycopy(pixels, (srcY + j) * width + x, pixels, (dstY + j) * width + x, w);
        }
    }

    /** Copies the same rectangle of {@code other} (same size) into this frame. */
    public void copyFrom(Frame other, int x, int y, int w, int h) {
        for (int j = y; j < y + h; j++) {
            System.arraycopy(other.pixels, j * width + x, pixels, j * width + x, w);
        }
    }
}
