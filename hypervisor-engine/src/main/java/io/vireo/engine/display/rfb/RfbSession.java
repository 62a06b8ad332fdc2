package io.vireo.engine.display.rfb;

import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.InputSink;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * One RFB (VNC) client over any byte stream (RFC 6143): protocol 3.3, 3.7 or 3.8, security None or
 * VNC authentication, true-colour pixel formats of 8, 16 or 32 bits, Raw rectangles and the
 * DesktopSize pseudo-encoding. The reader (the caller of {@link #run}) handles client messages; a
 * writer thread sends an update only when the client asked and the guest flushed something, so a slow
 * client never slows the guest: the guest's flushes only grow this session's dirty rectangle.
 */
public final class RfbSession implements Framebuffer.Listener, AutoCloseable {
    private static final int RAW = 0, DESKTOP_SIZE = -223;
    private static final int MAX_CUT_TEXT = 1 << 20;

    /** How a session is run: view-only sessions send no input; a password turns on VNC authentication. */
    public record Options(boolean viewOnly, Optional<String> password) {
    }

    private final Framebuffer screen;
    private final InputSink input;
    private final Options options;
    private final DataInputStream in;
    private final OutputStream out;
    private PixelFormat format = PixelFormat.DEFAULT;
    private boolean desktopSize;
    // Guarded by this: the pending request and the dirty rectangle (x0, y0, x1, y1; empty when x0 >= x1).
    private boolean requested;
    private boolean resized;
    private int dx0, dy0, dx1, dy1;
    private volatile boolean closed;

    RfbSession(Framebuffer screen, InputSink input, Options options, InputStream in, OutputStream out) {
        this.screen = screen;
        this.input = input;
        this.options = options;
        this.in = new DataInputStream(in);
        this.out = out;
    }

    /** Runs the session until the client leaves or breaks the protocol. */
    public void run() throws IOException {
        screen.addListener(this);
        Thread writer = null;
        try {
            handshake();
            writer = Thread.ofVirtual().name("rfb-writer").start(this::writeLoop);
            while (!closed) {
                message(in.readUnsignedByte());
            }
        } catch (EOFException e) {
            // the client went away
        } catch (RfbException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            close();
            if (writer != null) {
                writer.interrupt();
            }
        }
    }

    // ---- handshake ----

    private void handshake() throws IOException, RfbException {
        out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] version = new byte[12];
        in.readFully(version);
        String v = new String(version, StandardCharsets.US_ASCII);
        if (!v.startsWith("RFB 003.")) {
            throw new RfbException("not an RFB client");
        }
        int minor = Integer.parseInt(v.substring(8, 11));
        int security = options.password().isPresent() ? 2 : 1;
        if (minor < 7) {
            out.write(ByteBuffer.allocate(4).putInt(security).array());
        } else {
            out.write(new byte[] {1, (byte) security});
            out.flush();
            if (in.readUnsignedByte() != security) {
                throw new RfbException("client chose an unoffered security type");
            }
        }
        boolean ok = security == 1 || vncAuthentication();
        if (security == 2 || minor >= 8) {
            out.write(ByteBuffer.allocate(4).putInt(ok ? 0 : 1).array());
            if (!ok && minor >= 8) {
                byte[] reason = "authentication failed".getBytes(StandardCharsets.US_ASCII);
                out.write(ByteBuffer.allocate(4).putInt(reason.length).array());
                out.write(reason);
            }
        }
        out.flush();
        if (!ok) {
            throw new RfbException("authentication failed");
        }
        in.readUnsignedByte(); // ClientInit: shared flag; every session is shared
        byte[] name = "vireo".getBytes(StandardCharsets.UTF_8);
        ByteBuffer init = ByteBuffer.allocate(24 + name.length);
        synchronized (screen.lock()) {
            init.putShort((short) screen.width()).putShort((short) screen.height());
        }
        format.write(init);
        init.putInt(name.length).put(name);
        out.write(init.array());
        out.flush();
    }

    /** VNC authentication: the client DES-encrypts our challenge with the password (bits reversed per byte). */
    private boolean vncAuthentication() throws IOException {
        byte[] challenge = new byte[16];
        new SecureRandom().nextBytes(challenge);
        out.write(challenge);
        out.flush();
        byte[] response = new byte[16];
        in.readFully(response);
        try {
            byte[] key = new byte[8];
            byte[] pw = options.password().orElseThrow().getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 8 && i < pw.length; i++) {
                key[i] = (byte) (Integer.reverse(pw[i] & 0xFF) >>> 24);
            }
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return MessageDigest.isEqual(des.doFinal(challenge), response);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    // ---- client messages ----

    private void message(int type) throws IOException, RfbException {
        switch (type) {
            case 0 -> {
                byte[] b = new byte[19];
                in.readFully(b);
                PixelFormat f = PixelFormat.read(ByteBuffer.wrap(b, 3, 16));
                synchronized (this) {
                    format = f;
                }
            }
            case 2 -> {
                in.readUnsignedByte();
                int n = in.readUnsignedShort();
                boolean size = false;
                for (int i = 0; i < n; i++) {
                    size |= in.readInt() == DESKTOP_SIZE;
                }
                synchronized (this) {
                    desktopSize = size;
                }
            }
            case 3 -> {
                boolean incremental = in.readUnsignedByte() != 0;
                int x = in.readUnsignedShort(), y = in.readUnsignedShort();
                int w = in.readUnsignedShort(), h = in.readUnsignedShort();
                synchronized (this) {
                    if (!incremental) {
                        grow(x, y, x + w, y + h);
                    }
                    requested = true;
                    notifyAll();
                }
            }
            case 4 -> {
                boolean down = in.readUnsignedByte() != 0;
                in.readUnsignedShort();
                int code = Keysyms.linuxKeyCode(in.readInt());
                if (!options.viewOnly() && code != 0) {
                    input.key(code, down);
                }
            }
            case 5 -> {
                int buttons = in.readUnsignedByte();
                int x = in.readUnsignedShort(), y = in.readUnsignedShort();
                if (!options.viewOnly()) {
                    input.pointer(x, y, screen.width(), screen.height(), buttons);
                }
            }
            case 6 -> {
                in.skipNBytes(3);
                int length = in.readInt();
                if (length < 0 || length > MAX_CUT_TEXT) {
                    throw new RfbException("clipboard text too long");
                }
                in.skipNBytes(length);
            }
            default -> throw new RfbException("unknown client message " + type);
        }
    }

    // ---- updates ----

    @Override
    public synchronized void damaged(int x, int y, int w, int h) {
        grow(x, y, x + w, y + h);
        notifyAll();
    }

    @Override
    public synchronized void resized(int width, int height) {
        resized = true;
        grow(0, 0, width, height);
        notifyAll();
    }

    private void grow(int x0, int y0, int x1, int y1) {
        if (dx0 >= dx1 || dy0 >= dy1) {
            dx0 = x0;
            dy0 = y0;
            dx1 = x1;
            dy1 = y1;
        } else {
            dx0 = Math.min(dx0, x0);
            dy0 = Math.min(dy0, y0);
            dx1 = Math.max(dx1, x1);
            dy1 = Math.max(dy1, y1);
        }
    }

    private void writeLoop() {
        try {
            while (!closed) {
                int x0, y0, x1, y1;
                boolean sendSize;
                PixelFormat f;
                synchronized (this) {
                    while (!closed && !(requested && ((dx0 < dx1 && dy0 < dy1) || resized))) {
                        wait();
                    }
                    requested = false;
                    sendSize = resized && desktopSize;
                    resized = false;
                    x0 = dx0;
                    y0 = dy0;
                    x1 = dx1;
                    y1 = dy1;
                    dx0 = dx1 = dy0 = dy1 = 0;
                    f = format;
                }
                sendUpdate(f, sendSize, x0, y0, x1, y1);
            }
        } catch (InterruptedException | IOException e) {
            close();
        }
    }

    private void sendUpdate(PixelFormat f, boolean sendSize, int x0, int y0, int x1, int y1) throws IOException {
        int[] pixels;
        int width, height, x, y, w, h;
        synchronized (screen.lock()) {
            width = screen.width();
            height = screen.height();
            x = Math.max(0, x0);
            y = Math.max(0, y0);
            w = Math.max(0, Math.min(x1, width) - x);
            h = Math.max(0, Math.min(y1, height) - y);
            pixels = new int[w * h];
            screen.copy(x, y, w, h, pixels);
        }
        int bpp = f.bytesPerPixel();
        int rects = (sendSize ? 1 : 0) + (w > 0 && h > 0 ? 1 : 0);
        ByteBuffer head = ByteBuffer.allocate(4 + 12 * rects);
        head.put((byte) 0).put((byte) 0).putShort((short) rects);
        if (sendSize) {
            head.putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height).putInt(DESKTOP_SIZE);
        }
        byte[] data = new byte[0];
        if (w > 0 && h > 0) {
            head.putShort((short) x).putShort((short) y).putShort((short) w).putShort((short) h).putInt(RAW);
            data = new byte[pixels.length * bpp];
            for (int i = 0; i < pixels.length; i++) {
                f.put(pixels[i], data, i * bpp);
            }
        }
        synchronized (out) {
            out.write(head.array());
            out.write(data);
            out.flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        screen.removeListener(this);
        synchronized (this) {
            notifyAll();
        }
        try {
            in.close();
            out.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
