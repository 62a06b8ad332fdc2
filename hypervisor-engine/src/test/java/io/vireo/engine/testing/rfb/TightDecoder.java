package io.vireo.engine.testing.rfb;

import io.vireo.engine.display.rfb.encoding.PixelFormat;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.zip.Inflater;

/**
 * Tight rectangles: fill, JPEG, or basic compression (copy, palette or gradient filter) over one of
 * four zlib streams, with 24-bit TPIXELs when the client's format is 32-bit true colour.
 */
final class TightDecoder {
    private final Inflater[] streams = {new Inflater(), new Inflater(), new Inflater(), new Inflater()};
    private final ClientFramebuffer screen;

    TightDecoder(ClientFramebuffer screen) {
        this.screen = screen;
    }

    void decode(DataInputStream in, RfbClient.Rect r) throws IOException {
        int control = in.readUnsignedByte();
        for (int i = 0; i < 4; i++) {
            if ((control & (1 << i)) != 0) {
                streams[i].reset();
            }
        }
        int kind = control >>> 4;
        if (kind == 8) {
            screen.fill(r.x(), r.y(), r.w(), r.h(), tpixel(in));
        } else if (kind == 9) {
            jpeg(in, r);
        } else if (kind < 8) {
            basic(in, r, kind & 3, (kind & 4) != 0 ? in.readUnsignedByte() : 0);
        } else {
            throw new IOException("unsupported Tight compression " + kind);
        }
    }

    private void jpeg(DataInputStream in, RfbClient.Rect r) throws IOException {
        byte[] jpeg = new byte[compactLength(in)];
        in.readFully(jpeg);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        for (int j = 0; j < r.h(); j++) {
            for (int i = 0; i < r.w(); i++) {
                screen.set(r.x() + i, r.y() + j, screen.format().pack(image.getRGB(i, j) & 0xFFFFFF));
            }
        }
    }

    private void basic(DataInputStream in, RfbClient.Rect r, int stream, int filter) throws IOException {
        PixelFormat format = screen.format();
        int[] palette = new int[0];
        int length = r.w() * r.h() * (format.tightRgb() ? 3 : format.bytesPerPixel());
        if (filter == 1) {
            palette = new int[in.readUnsignedByte() + 1];
            for (int k = 0; k < palette.length; k++) {
                palette[k] = tpixel(in);
            }
            length = palette.length == 2 ? (r.w() + 7) / 8 * r.h() : r.w() * r.h();
        } else if (filter != 0 && filter != 2) {
            throw new IOException("unknown Tight filter " + filter);
        }
        byte[] data = new byte[length];
        if (length < 12) {
            in.readFully(data);
        } else {
            byte[] z = new byte[compactLength(in)];
            in.readFully(z);
            streams[stream].setInput(z);
            new DataInputStream(new InflaterStream(streams[stream])).readFully(data);
        }
        DataInputStream s = new DataInputStream(new ByteArrayInputStream(data));
        for (int j = 0; j < r.h(); j++) {
            if (filter == 1 && palette.length == 2) {
                screen.unpackRow(s, 1, palette, r.x(), r.y() + j, r.w());
                continue;
            }
            for (int i = 0; i < r.w(); i++) {
                int v = filter == 1 ? palette[s.readUnsignedByte()] : tpixel(s);
                screen.set(r.x() + i, r.y() + j, filter == 2 ? ungradient(r, i, j, v) : v);
            }
        }
    }

    /** The gradient filter sends each channel as the difference from left + above - above-left. */
    private int ungradient(RfbClient.Rect r, int i, int j, int diff) {
        PixelFormat format = screen.format();
        int[] shifts = {format.redShift(), format.greenShift(), format.blueShift()};
        int[] maxes = {format.redMax(), format.greenMax(), format.blueMax()};
        int v = 0;
        for (int c = 0; c < 3; c++) {
            int left = i > 0 ? screen.channel(r.x() + i - 1, r.y() + j, shifts[c], maxes[c]) : 0;
            int up = j > 0 ? screen.channel(r.x() + i, r.y() + j - 1, shifts[c], maxes[c]) : 0;
            int corner = i > 0 && j > 0 ? screen.channel(r.x() + i - 1, r.y() + j - 1, shifts[c], maxes[c]) : 0;
            int predicted = Math.max(0, Math.min(maxes[c], left + up - corner));
            v |= ((predicted + (diff >>> shifts[c])) & maxes[c]) << shifts[c];
        }
        return v;
    }

    private int tpixel(DataInputStream s) throws IOException {
        PixelFormat format = screen.format();
        if (format.tightRgb()) {
            int rgb = s.readUnsignedByte() << 16 | s.readUnsignedByte() << 8 | s.readUnsignedByte();
            return format.pack(rgb);
        }
        return screen.readPixel(s, format.bytesPerPixel());
    }

    /** Tight's length: one to three bytes, seven bits each, the high bit saying another follows. */
    private static int compactLength(DataInputStream in) throws IOException {
        int length = 0;
        for (int i = 0; i < 3; i++) {
            int b = in.readUnsignedByte();
            length |= (i < 2 ? b & 0x7F : b) << (7 * i);
            if (i == 2 || (b & 0x80) == 0) {
                break;
            }
        }
        return length;
    }
}
