package io.vireo.engine.display.interop;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a viewer showed, as 0x00RRGGBB pixels: from an X screen dump, or from a PNG or PPM the viewer saved. */
record Picture(int width, int height, int[] rgb) {
    private static final int ZPIXMAP = 2;

    /** A PNG, or null while there is none yet. */
    static Picture png(Path file) throws IOException {
        BufferedImage image = file.toFile().exists() ? ImageIO.read(file.toFile()) : null;
        if (image == null) {
            return null;
        }
        int w = image.getWidth(), h = image.getHeight();
        return new Picture(w, h, image.getRGB(0, 0, w, h, null, 0, w));
    }

    /** A binary PPM ({@code P6}, 8 bits a channel) as the libvncclient viewer writes it, or null while there is none yet. */
    static Picture ppm(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        String[] header = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII).split("\\s+", 5);
        if (header.length < 5 || !header[0].equals("P6") || !header[3].equals("255")) {
            throw new IOException(file + " is not an 8-bit binary PPM");
        }
        int width = Integer.parseInt(header[1]), height = Integer.parseInt(header[2]);
        int data = bytes.length - 3 * width * height;
        if (data <= 0) {
            throw new IOException(file + " is cut short");
        }
        int[] rgb = new int[width * height];
        for (int i = 0; i < rgb.length; i++) {
            int at = data + 3 * i;
            rgb[i] = (bytes[at] & 0xFF) << 16 | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF);
        }
        return new Picture(width, height, rgb);
    }

    /**
     * X's window-dump format ({@code xwd}): a big-endian header, a colour map, then ZPixmap rows in the
     * image's own byte order. Only true-colour dumps of 24 or 32 bits per pixel, as Xvfb's 24-bit screen gives.
     */
    static Picture xwd(byte[] bytes) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int headerSize = h.getInt(0), format = h.getInt(8), width = h.getInt(16), height = h.getInt(20);
        boolean lsbFirst = h.getInt(28) == 0;
        int bitsPerPixel = h.getInt(44), bytesPerLine = h.getInt(48);
        int redMask = h.getInt(56), greenMask = h.getInt(60), blueMask = h.getInt(64), colours = h.getInt(76);
        if (format != ZPIXMAP || (bitsPerPixel != 32 && bitsPerPixel != 24)) {
            throw new IOException("not a true-colour ZPixmap dump: format " + format + ", " + bitsPerPixel + " bpp");
        }
        int data = headerSize + 12 * colours, step = bitsPerPixel / 8;
        if (bytes.length < data + (long) bytesPerLine * height) {
            throw new IOException("the dump is cut short");
        }
        int[] rgb = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = data + y * bytesPerLine + x * step, v = 0;
                for (int k = 0; k < step; k++) {
                    int b = bytes[at + k] & 0xFF;
                    v |= lsbFirst ? b << (8 * k) : b << (8 * (step - 1 - k));
                }
                rgb[y * width + x] = channel(v, redMask) << 16 | channel(v, greenMask) << 8 | channel(v, blueMask);
            }
        }
        return new Picture(width, height, rgb);
    }

    /** The 8-bit value of the channel under {@code mask}. */
    private static int channel(int v, int mask) {
        int shift = Integer.numberOfTrailingZeros(mask), bits = Integer.bitCount(mask);
        int c = (v & mask) >>> shift;
        return bits >= 8 ? c >>> (bits - 8) : c * 255 / ((1 << bits) - 1);
    }
}
