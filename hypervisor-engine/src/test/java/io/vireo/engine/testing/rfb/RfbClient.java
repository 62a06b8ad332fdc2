package io.vireo.engine.testing.rfb;

import io.vireo.engine.display.rfb.encoding.PixelFormat;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFB 3.8 client that decodes what it receives into its own framebuffer of client pixel values:
 * Raw, CopyRect, Hextile, Zlib, ZRLE and Tight (fill, copy, palette, gradient, JPEG), DesktopSize, ExtendedDesktopSize,
 * Cursor, LastRect and the QEMU key-event acknowledgement. The engine's tests check with it that every
 * encoding round-trips and how sessions behave ({@link RfbPipes} connects it to a server in the same
 * process); the VNC benchmark (bench module) measures servers with it over a socket.
 */
public final class RfbClient implements AutoCloseable {
    public static final int RAW = 0, COPY_RECT = 1, HEXTILE = 5, ZLIB = 6, TIGHT = 7, ZRLE = 16, DESKTOP_SIZE = -223, LAST_RECT = -224,
            CURSOR = -239, QEMU_EXTENDED_KEY = -258, EXTENDED_DESKTOP_SIZE = -308;
    private static final int SHIFT = 0xFFE1, RETURN = 0xFF0D;

    /** One rectangle header as received. */
    public record Rect(int x, int y, int w, int h, int encoding) {
    }

    /**
     * One FramebufferUpdate: the count in its header (0xFFFF when LastRect ends it), its rectangles, its
     * bytes on the wire, and the time from its first byte to its last.
     */
    public record Update(int count, List<Rect> rects, long bytes, long nanos) {
    }

    private final InputStream wireIn;
    private final OutputStream wireOut;
    private final Counting counted;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final ClientFramebuffer screen = new ClientFramebuffer();
    private final ZrleDecoder zrle = new ZrleDecoder(screen);
    private final TightDecoder tight = new TightDecoder(screen);
    private final HextileDecoder hextile = new HextileDecoder(screen);
    private final ZlibDecoder zlib = new ZlibDecoder(screen);

    public RfbClient(InputStream in, OutputStream out) {
        this.wireIn = in;
        this.wireOut = out;
        this.counted = new Counting(new BufferedInputStream(in, 1 << 16));
        this.in = new DataInputStream(counted);
        this.out = new DataOutputStream(new BufferedOutputStream(out));
    }

    /**
     * The connection's streams, for tests that speak the protocol byte by byte (other security types,
     * exact wire formats). What is written is sent on the next flush.
     */
    public DataInputStream fromServer() {
        return in;
    }

    public DataOutputStream toServer() {
        return out;
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
        screen.resize(in.readUnsignedShort(), in.readUnsignedShort());
        byte[] f = new byte[16];
        in.readFully(f);
        screen.format(PixelFormat.read(ByteBuffer.wrap(f)));
        in.skipNBytes(in.readInt());
        return new int[] {screen.width(), screen.height()};
    }

    public void setPixelFormat(PixelFormat f) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(20).put((byte) 0).put(new byte[3]);
        f.write(b);
        out.write(b.array());
        out.flush();
        screen.format(f);
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

    /** Types text as a viewer on a US keyboard would: Shift around shifted characters, Return for newline. */
    public void type(String text) throws IOException {
        for (char c : text.toCharArray()) {
            boolean shift = Character.isUpperCase(c) || "~!@#$%^&*()_+{}|:\"<>?".indexOf(c) >= 0;
            int keysym = c == '\n' ? RETURN : c;
            if (shift) {
                key(SHIFT, true);
            }
            key(keysym, true);
            key(keysym, false);
            if (shift) {
                key(SHIFT, false);
            }
        }
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
        return screen.width();
    }

    public int height() {
        return screen.height();
    }

    /** The framebuffer in the client's pixel values, row-major. */
    public int[] pixels() {
        return screen.pixels();
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
        return new Update(count, rects, counted.count - before, System.nanoTime() - start);
    }

    private void rect(Rect r) throws IOException {
        int bytesPerPixel = screen.format().bytesPerPixel();
        switch (r.encoding()) {
            case RAW -> screen.readRaw(in, r.x(), r.y(), r.w(), r.h());
            case HEXTILE -> hextile.decode(in, r);
            case ZLIB -> zlib.decode(in, r);
            case COPY_RECT -> screen.copy(in.readUnsignedShort(), in.readUnsignedShort(), r.x(), r.y(), r.w(), r.h());
            case ZRLE -> zrle.decode(in, r);
            case TIGHT -> tight.decode(in, r);
            case DESKTOP_SIZE -> screen.resize(r.w(), r.h());
            case EXTENDED_DESKTOP_SIZE -> {
                int screens = in.readUnsignedByte();
                in.skipNBytes(3 + 16L * screens);
                screen.resize(r.w(), r.h());
            }
            case CURSOR -> in.skipNBytes((long) r.w() * r.h() * bytesPerPixel + (long) (r.w() + 7) / 8 * r.h());
            case QEMU_EXTENDED_KEY -> { }
            default -> throw new IOException("cannot decode encoding " + r.encoding());
        }
    }

    /** Hangs up. Bytes written to {@link #toServer()} and not flushed are dropped: the server may be gone already. */
    @Override
    public void close() throws IOException {
        try (wireIn) {
            wireOut.close();
        }
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
}
