package io.vireo.engine.bench;

import io.vireo.engine.display.rfb.encoding.PixelFormat;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * An RFB 3.8 client that decodes what it receives into its own framebuffer of client pixel values:
 * Raw, CopyRect, ZRLE and Tight (fill, copy, palette, gradient, JPEG), DesktopSize, ExtendedDesktopSize,
 * Cursor, LastRect and the QEMU key-event acknowledgement. The VNC benchmark measures servers with
 * it (bytes and time per update); the engine's tests check that every encoding round-trips.
 */
public final class RfbClient implements AutoCloseable {
    public static final int RAW = 0, COPY_RECT = 1, TIGHT = 7, ZRLE = 16, DESKTOP_SIZE = -223, LAST_RECT = -224,
            CURSOR = -239, QEMU_EXTENDED_KEY = -258, EXTENDED_DESKTOP_SIZE = -308;

    /** One rectangle header as received. */
    public record Rect(int x, int y, int w, int h, int encoding) {
    }

    /** One FramebufferUpdate: its rectangles, its bytes on the wire, and the time from its first byte to its last. */
    public record Update(List<Rect> rects, long bytes, long nanos) {
    }

    private final Counting counted;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Inflater zrle = new Inflater();
    private final Inflater[] tight = {new Inflater(), new Inflater(), new Inflater(), new Inflater()};
    private PixelFormat format = PixelFormat.DEFAULT;
    private int width, height;
    private int[] pixels = new int[0];

    public RfbClient(InputStream in, OutputStream out) {
        this.counted = new Counting(new BufferedInputStream(in, 1 << 16));
        this.in = new DataInputStream(counted);
        this.out = new DataOutputStream(new BufferedOutputStream(out));
    }

    /** Protocol 3.8 (or what the server offers, down to 3.3) with security None; returns the screen size. */
    public int[] handshake() throws IOException {
        byte[] banner = new byte[12];
        in.readFully(banner);
        if (!new String(banner, StandardCharsets.US_ASCII).startsWith("RFB 003.")) {
            throw new IOException("not an RFB server");
        }
        out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        int n = in.readUnsignedByte();
        byte[] types = new byte[n];
        in.readFully(types);
        if (n == 0 || new String(types, StandardCharsets.ISO_8859_1).indexOf(1) < 0) {
            throw new IOException("the server offers no security None");
        }
        out.write(1);
        out.flush();
        if (in.readInt() != 0) {
            throw new IOException("security failed");
        }
        out.write(1);
        out.flush();
        resize(in.readUnsignedShort(), in.readUnsignedShort());
        byte[] f = new byte[16];
        in.readFully(f);
        format = PixelFormat.read(ByteBuffer.wrap(f));
        in.skipNBytes(in.readInt());
        return new int[] {width, height};
    }

    public void setPixelFormat(PixelFormat f) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(20).put((byte) 0).put(new byte[3]);
        f.write(b);
        out.write(b.array());
        out.flush();
        format = f;
    }

    public void setEncodings(int... encodings) throws IOException {
        out.write(new byte[] {2, 0});
        out.writeShort(encodings.length);
        for (int e : encodings) {
            out.writeInt(e);
        }
        out.flush();
    }

    public void request(boolean incremental, int x, int y, int w, int h) throws IOException {
        out.write(new byte[] {3, (byte) (incremental ? 1 : 0)});
        out.writeShort(x);
        out.writeShort(y);
        out.writeShort(w);
        out.writeShort(h);
        out.flush();
    }

    public void key(int keysym, boolean down) throws IOException {
        out.write(new byte[] {4, (byte) (down ? 1 : 0), 0, 0});
        out.writeInt(keysym);
        out.flush();
    }

    /** QEMU's extended key event: the keysym and the key's XT scan code in qnum form. */
    public void extendedKey(int keysym, int qnum, boolean down) throws IOException {
        out.write(new byte[] {(byte) 255, 0});
        out.writeShort(down ? 1 : 0);
        out.writeInt(keysym);
        out.writeInt(qnum);
        out.flush();
    }

    public void pointer(int x, int y, int buttons) throws IOException {
        out.write(new byte[] {5, (byte) buttons});
        out.writeShort(x);
        out.writeShort(y);
        out.flush();
    }

    /** Writes bytes as they are, to try a server with malformed messages. */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The framebuffer in the client's pixel values, row-major. */
    public int[] pixels() {
        return pixels;
    }

    /** Reads server messages up to and including the next FramebufferUpdate, and decodes it. */
    public Update readUpdate() throws IOException {
        int type;
        while ((type = in.readUnsignedByte()) != 0) {
            switch (type) {
                case 2 -> { }
                case 3 -> {
                    in.skipNBytes(3);
                    in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
                }
                default -> throw new IOException("unexpected server message " + type);
            }
        }
        long start = System.nanoTime(), before = counted.count - 1;
        in.readUnsignedByte();
        int count = in.readUnsignedShort();
        List<Rect> rects = new ArrayList<>();
        for (int i = 0; count == 0xFFFF || i < count; i++) {
            Rect r = new Rect(in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort(),
                    in.readUnsignedShort(), in.readInt());
            rects.add(r);
            if (r.encoding() == LAST_RECT) {
                break;
            }
            rect(r);
        }
        return new Update(rects, counted.count - before, System.nanoTime() - start);
    }

    private void rect(Rect r) throws IOException {
        switch (r.encoding()) {
            case RAW -> {
                for (int j = 0; j < r.h(); j++) {
                    for (int i = 0; i < r.w(); i++) {
                        set(r.x() + i, r.y() + j, readPixel(format.bytesPerPixel()));
                    }
                }
            }
            case COPY_RECT -> copy(in.readUnsignedShort(), in.readUnsignedShort(), r);
            case ZRLE -> zrle(r);
            case TIGHT -> tight(r);
            case DESKTOP_SIZE -> resize(r.w(), r.h());
            case EXTENDED_DESKTOP_SIZE -> {
                int screens = in.readUnsignedByte();
                in.skipNBytes(3 + 16L * screens);
                resize(r.w(), r.h());
            }
            case CURSOR -> in.skipNBytes((long) r.w() * r.h() * format.bytesPerPixel() + (long) (r.w() + 7) / 8 * r.h());
            case QEMU_EXTENDED_KEY -> { }
            default -> throw new IOException("cannot decode encoding " + r.encoding());
        }
    }

    private void resize(int w, int h) {
        width = w;
        height = h;
        pixels = new int[w * h];
    }

    private void set(int x, int y, int value) {
        pixels[y * width + x] = value;
    }

    private void copy(int sx, int sy, Rect r) {
        int[] copy = new int[r.w() * r.h()];
        for (int j = 0; j < r.h(); j++) {
            System.arraycopy(pixels, (sy + j) * width + sx, copy, j * r.w(), r.w());
        }
        for (int j = 0; j < r.h(); j++) {
            System.arraycopy(copy, j * r.w(), pixels, (r.y() + j) * width + r.x(), r.w());
        }
    }

    private int readPixel(int bytes) throws IOException {
        return pixelOf(in, bytes, format.bytesPerPixel() == bytes ? 0 : compactShift());
    }

    private int pixelOf(DataInputStream s, int bytes, int shift) throws IOException {
        int v = 0;
        for (int i = 0; i < bytes; i++) {
            int b = s.readUnsignedByte();
            v |= format.bigEndian() ? b << (8 * (bytes - 1 - i)) : b << (8 * i);
        }
        return v << shift;
    }

    /** Where a CPIXEL's three bytes sit in the full 32-bit pixel. */
    private int compactShift() {
        long mask = ((long) format.redMax() << format.redShift()) | ((long) format.greenMax() << format.greenShift())
                | ((long) format.blueMax() << format.blueShift());
        return (mask & ~0xFFFFFFL) == 0 ? 0 : 8;
    }

    // ---- ZRLE ----

    private void zrle(Rect r) throws IOException {
        byte[] z = new byte[in.readInt()];
        in.readFully(z);
        zrle.setInput(z);
        DataInputStream tiles = new DataInputStream(new InflaterStream(zrle));
        int cp = format.compactBytesPerPixel();
        for (int ty = r.y(); ty < r.y() + r.h(); ty += 64) {
            for (int tx = r.x(); tx < r.x() + r.w(); tx += 64) {
                int tw = Math.min(64, r.x() + r.w() - tx), th = Math.min(64, r.y() + r.h() - ty);
                zrleTile(tiles, cp, tx, ty, tw, th);
            }
        }
    }

    private void zrleTile(DataInputStream s, int cp, int x, int y, int w, int h) throws IOException {
        int sub = s.readUnsignedByte();
        int shift = cp == format.bytesPerPixel() ? 0 : compactShift();
        int[] palette = new int[sub >= 128 ? sub - 128 : sub <= 16 ? sub : 0];
        for (int k = 0; k < palette.length; k++) {
            palette[k] = pixelOf(s, cp, shift);
        }
        if (sub == 0) {
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    set(x + i, y + j, pixelOf(s, cp, shift));
                }
            }
        } else if (sub == 1) {
            fill(x, y, w, h, palette[0]);
        } else if (sub <= 16) {
            int bits = sub <= 2 ? 1 : sub <= 4 ? 2 : 4;
            for (int j = 0; j < h; j++) {
                unpackRow(s, bits, palette, x, y + j, w);
            }
        } else if (sub == 128 || sub >= 130) {
            int at = 0;
            while (at < w * h) {
                int colour, length = 1;
                if (sub == 128) {
                    colour = pixelOf(s, cp, shift);
                    length = runLength(s);
                } else {
                    int index = s.readUnsignedByte();
                    colour = palette[index & 127];
                    if (index >= 128) {
                        length = runLength(s);
                    }
                }
                for (int k = 0; k < length; k++, at++) {
                    set(x + at % w, y + at / w, colour);
                }
            }
        } else {
            throw new IOException("bad ZRLE subencoding " + sub);
        }
    }

    private static int runLength(DataInputStream s) throws IOException {
        int length = 1, b;
        while ((b = s.readUnsignedByte()) == 255) {
            length += 255;
        }
        return length + b;
    }

    private void unpackRow(DataInputStream s, int bits, int[] palette, int x, int y, int w) throws IOException {
        int acc = 0, left = 0;
        for (int i = 0; i < w; i++) {
            if (left == 0) {
                acc = s.readUnsignedByte();
                left = 8;
            }
            left -= bits;
            set(x + i, y, palette[(acc >>> left) & ((1 << bits) - 1)]);
        }
    }

    private void fill(int x, int y, int w, int h, int value) {
        for (int j = 0; j < h; j++) {
            Arrays.fill(pixels, (y + j) * width + x, (y + j) * width + x + w, value);
        }
    }

    // ---- Tight ----

    private void tight(Rect r) throws IOException {
        int control = in.readUnsignedByte();
        for (int i = 0; i < 4; i++) {
            if ((control & (1 << i)) != 0) {
                tight[i].reset();
            }
        }
        int kind = control >>> 4;
        if (kind == 8) {
            fill(r.x(), r.y(), r.w(), r.h(), tpixel(in));
        } else if (kind == 9) {
            byte[] jpeg = new byte[compactLength()];
            in.readFully(jpeg);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            for (int j = 0; j < r.h(); j++) {
                for (int i = 0; i < r.w(); i++) {
                    set(r.x() + i, r.y() + j, format.pack(image.getRGB(i, j) & 0xFFFFFF));
                }
            }
        } else if (kind < 8) {
            tightBasic(r, kind & 3, (kind & 4) != 0 ? in.readUnsignedByte() : 0);
        } else {
            throw new IOException("unsupported Tight compression " + kind);
        }
    }

    private void tightBasic(Rect r, int stream, int filter) throws IOException {
        int tp = format.tightRgb() ? 3 : format.bytesPerPixel();
        int[] palette = new int[0];
        int length = r.w() * r.h() * tp;
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
            byte[] z = new byte[compactLength()];
            in.readFully(z);
            tight[stream].setInput(z);
            new DataInputStream(new InflaterStream(tight[stream])).readFully(data);
        }
        DataInputStream s = new DataInputStream(new ByteArrayInputStream(data));
        for (int j = 0; j < r.h(); j++) {
            if (filter == 1 && palette.length == 2) {
                unpackRow(s, 1, palette, r.x(), r.y() + j, r.w());
                continue;
            }
            for (int i = 0; i < r.w(); i++) {
                int v = filter == 1 ? palette[s.readUnsignedByte()] : tpixel(s);
                set(r.x() + i, r.y() + j, filter == 2 ? ungradient(r, i, j, v) : v);
            }
        }
    }

    /** The gradient filter sends each channel as the difference from left + above - above-left. */
    private int ungradient(Rect r, int i, int j, int diff) {
        int[] shifts = {format.redShift(), format.greenShift(), format.blueShift()};
        int[] maxes = {format.redMax(), format.greenMax(), format.blueMax()};
        int v = 0;
        for (int c = 0; c < 3; c++) {
            int left = i > 0 ? channel(r.x() + i - 1, r.y() + j, shifts[c], maxes[c]) : 0;
            int up = j > 0 ? channel(r.x() + i, r.y() + j - 1, shifts[c], maxes[c]) : 0;
            int corner = i > 0 && j > 0 ? channel(r.x() + i - 1, r.y() + j - 1, shifts[c], maxes[c]) : 0;
            int predicted = Math.max(0, Math.min(maxes[c], left + up - corner));
            v |= ((predicted + (diff >>> shifts[c])) & maxes[c]) << shifts[c];
        }
        return v;
    }

    private int channel(int x, int y, int shift, int max) {
        return pixels[y * width + x] >>> shift & max;
    }

    private int tpixel(DataInputStream s) throws IOException {
        if (format.tightRgb()) {
            int rgb = s.readUnsignedByte() << 16 | s.readUnsignedByte() << 8 | s.readUnsignedByte();
            return format.pack(rgb);
        }
        return pixelOf(s, format.bytesPerPixel(), 0);
    }

    private int compactLength() throws IOException {
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

    @Override
    public void close() throws IOException {
        out.close();
        in.close();
    }

    /** Counts bytes received. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }
    }

    /** Inflates what was given to an inflater; the server's sync flush guarantees a whole rectangle is there. */
    private static final class InflaterStream extends InputStream {
        private final Inflater inflater;
        private final byte[] one = new byte[1];

        InflaterStream(Inflater inflater) {
            this.inflater = inflater;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = inflater.inflate(b, off, len);
                if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                    return -1;
                }
                return n;
            } catch (DataFormatException e) {
                throw new IOException("bad zlib data: " + e.getMessage(), e);
            }
        }
    }
}
