package io.vireo.engine.display.rfb.encoding;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Tight (encoding 7), as noVNC and TigerVNC decode it: a one-colour rectangle is a fill; two colours
 * are a 1-bit palette, up to 256 an 8-bit palette; more colours go as JPEG when the client asked for a
 * quality level, else as copied pixels. Each kind keeps its own session-long zlib stream (0 copy, 1
 * two-colour palette, 2 palette), so similar data compresses against its own history.
 */
public final class TightEncoder implements Encoder {
    public static final int TYPE = 7;
    private static final int FILL = 0x80, JPEG = 0x90, READ_FILTER = 0x40;
    private static final int FILTER_PALETTE = 1;
    private static final int MIN_TO_COMPRESS = 12, MAX_WIDTH = 2048, MAX_PIXELS = 1 << 16;

    private final ZlibStream[] streams = new ZlibStream[3];
    private final Palette palette = new Palette();
    private final PayloadBuffer data = new PayloadBuffer();
    private final PayloadBuffer compressed = new PayloadBuffer();
    private int jpegQuality = -1;

    /** The zlib streams outlive any later SetEncodings, since the client's inflaters do too. */
    public TightEncoder(int compressionLevel) {
        for (int i = 0; i < streams.length; i++) {
            streams[i] = new ZlibStream(compressionLevel);
        }
    }

    /** The client's Tight quality level 0..9 for many-coloured rectangles, or -1 for lossless only. */
    public void jpegQuality(int level) {
        jpegQuality = level;
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int maxWidth() {
        return MAX_WIDTH;
    }

    @Override
    public int maxPixels() {
        return MAX_PIXELS;
    }

    @Override
    public void encode(Frame frame, int x, int y, int w, int h, PixelFormat format, PayloadBuffer out) {
        palette.collect(frame, x, y, w, h, 256);
        int n = palette.size();
        if (n == 1) {
            out.put(FILL);
            putTpixel(out, format, palette.colour(0));
        } else if (n <= 256) {
            paletteRect(frame, x, y, w, h, format, n, out);
        } else if (jpegQuality >= 0 && format.tightRgb()) {
            byte[] jpeg = jpeg(frame, x, y, w, h);
            out.put(JPEG);
            putCompactLength(out, jpeg.length);
            out.put(jpeg, 0, jpeg.length);
        } else {
            out.put(0);
            data.reset();
            for (int j = y; j < y + h; j++) {
                for (int i = x; i < x + w; i++) {
                    putTpixel(data, format, frame.at(i, j));
                }
            }
            putData(0, out);
        }
    }

    private void paletteRect(Frame frame, int x, int y, int w, int h, PixelFormat format, int n, PayloadBuffer out) {
        int stream = n == 2 ? 1 : 2;
        out.put(READ_FILTER | stream << 4).put(FILTER_PALETTE).put(n - 1);
        for (int k = 0; k < n; k++) {
            putTpixel(out, format, palette.colour(k));
        }
        data.reset();
        for (int j = y; j < y + h; j++) {
            if (n == 2) {
                int acc = 0, filled = 0;
                for (int i = x; i < x + w; i++) {
                    acc = acc << 1 | palette.indexOf(frame.at(i, j));
                    if (++filled == 8) {
                        data.put(acc);
                        acc = 0;
                        filled = 0;
                    }
                }
                if (filled > 0) {
                    data.put(acc << (8 - filled));
                }
            } else {
                for (int i = x; i < x + w; i++) {
                    data.put(palette.indexOf(frame.at(i, j)));
                }
            }
        }
        putData(stream, out);
    }

    /** Short data goes uncompressed and without a length; longer data as a compact length and zlib bytes. */
    private void putData(int stream, PayloadBuffer out) {
        if (data.size() < MIN_TO_COMPRESS) {
            out.put(data);
            return;
        }
        compressed.reset();
        streams[stream].compress(data, compressed);
        putCompactLength(out, compressed.size());
        out.put(compressed);
    }

    private static void putTpixel(PayloadBuffer out, PixelFormat format, int rgb) {
        if (format.tightRgb()) {
            out.put(rgb >>> 16).put(rgb >>> 8).put(rgb);
        } else {
            out.putPixel(format, rgb);
        }
    }

    /** 7 bits per byte, low bits first, the top bit saying another byte follows; at most 22 bits. */
    private static void putCompactLength(PayloadBuffer out, int length) {
        if (length < 0x80) {
            out.put(length);
        } else if (length < 0x4000) {
            out.put(length & 0x7F | 0x80).put(length >>> 7);
        } else {
            out.put(length & 0x7F | 0x80).put(length >>> 7 & 0x7F | 0x80).put(length >>> 14);
        }
    }

    private byte[] jpeg(Frame frame, int x, int y, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, frame.pixels(), y * frame.width() + x, frame.width());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.05f + 0.1f * jpegQuality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
