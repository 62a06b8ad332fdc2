package io.vireo.engine.display.rfb;

import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.InputSink;
import io.vireo.engine.display.rfb.encoding.PixelFormat;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One RFB (VNC) client over any byte stream (RFC 6143): protocol 3.3, 3.7 or 3.8, security None or
 * VNC authentication, true-colour pixel formats of 8, 16 or 32 bits, the encodings of
 * {@link UpdateSender}, and QEMU's extended key events. The reader (the caller of {@link #run})
 * handles client messages; a writer thread sends an update only when the client asked and the guest
 * flushed something, so a slow client never slows the guest: the guest's flushes only grow this
 * session's dirty rectangle.
 */
public final class RfbSession implements Framebuffer.Listener, AutoCloseable {
    private static final int MAX_CUT_TEXT = 1 << 20, MAX_ENCODINGS = 1024;
    private static final int SET_DESKTOP_SIZE = 251, QEMU_MESSAGE = 255, QEMU_KEY_EVENT = 0;
    private static final int SIZE_OK = 0, SIZE_PROHIBITED = 1, SIZE_INVALID = 3;

    /**
     * How a session is run: {@code label} says who it is in the server's session list; view-only
     * sessions send no input; a password turns on VNC authentication; keysyms map through {@code layout}.
     */
    public record Options(String label, boolean viewOnly, Optional<String> password, KeyboardLayout layout) {
        public Options(boolean viewOnly, Optional<String> password) {
            this("vnc client", viewOnly, password, KeyboardLayout.US);
        }
    }

    /**
     * A live session as the server lists it, with what it has sent: updates, bytes, and the time spent
     * reading the screen and encoding (time blocked on a slow client is not counted).
     */
    public record Info(long id, String label, boolean viewOnly, Instant connectedSince,
                       long updatesSent, long bytesSent, Duration encodeTime) {
    }

    private final long id;
    private final Instant connectedSince = Instant.now();
    private final Framebuffer screen;
    private final InputSink input;
    private final Options options;
    private final DataInputStream in;
    private final OutputStream out;
    private final Consumer<RfbSession> onClose;
    private final UpdateSender sender;
    // Guarded by this: what the next update must carry; the dirty rectangle is empty when dx0 >= dx1.
    private PixelFormat format = PixelFormat.DEFAULT;
    private EncodingPreferences encodings = EncodingPreferences.NONE;
    private boolean requested;
    private boolean resized;
    private boolean announceSize;
    private int sizeReplyStatus = UpdateSender.Update.NO_REPLY;
    private boolean cursorDue;
    private boolean keyEventsAckDue;
    private int dx0, dy0, dx1, dy1;
    private volatile boolean closed;
    private volatile String failure;

    RfbSession(long id, Framebuffer screen, InputSink input, Options options, InputStream in, OutputStream out,
               Consumer<RfbSession> onClose) {
        this.id = id;
        this.screen = screen;
        this.input = input;
        this.options = options;
        this.in = new DataInputStream(in);
        this.out = out;
        this.onClose = onClose;
        this.sender = new UpdateSender(screen, out);
    }

    public Info info() {
        UpdateSender.Statistics s = sender.statistics();
        return new Info(id, options.label(), options.viewOnly(), connectedSince, s.updates(), s.bytes(),
                Duration.ofNanos(s.encodeNanos()));
    }

    /** Why the session ended, if the client broke the protocol. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Runs the session until the client leaves, breaks the protocol (the IOException says how) or is disconnected. */
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
            failure = e.getMessage();
            throw new IOException("RFB session '" + options.label() + "' closed: " + e.getMessage(), e);
        } catch (IOException e) {
            if (!closed) {
                throw e;
            }
        } finally {
            close();
            if (writer != null) {
                writer.interrupt();
            }
        }
    }

    /** Sends Ctrl-Alt-Del to the guest, unless this session is view-only; true if it was sent. */
    public boolean ctrlAltDel() {
        if (options.viewOnly()) {
            return false;
        }
        input.ctrlAltDel();
        return true;
    }

    // ---- handshake ----

    private void handshake() throws IOException, RfbException {
        out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] version = new byte[12];
        in.readFully(version);
        String v = new String(version, StandardCharsets.US_ASCII);
        if (!v.matches("RFB 003\\.\\d{3}\n")) {
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
            case 0 -> setPixelFormat();
            case 2 -> setEncodings();
            case 3 -> updateRequest();
            case 4 -> {
                boolean down = in.readUnsignedByte() != 0;
                in.readUnsignedShort();
                key(down, in.readInt(), 0);
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
                    throw new RfbException("clipboard text length " + length + " is out of range");
                }
                in.skipNBytes(length);
            }
            case SET_DESKTOP_SIZE -> setDesktopSize();
            case QEMU_MESSAGE -> {
                int submessage = in.readUnsignedByte();
                if (submessage != QEMU_KEY_EVENT) {
                    throw new RfbException("unknown QEMU client message " + submessage);
                }
                boolean down = in.readUnsignedShort() != 0;
                int keysym = in.readInt();
                key(down, keysym, in.readInt());
            }
            default -> throw new RfbException("unknown client message type " + type);
        }
    }

    private void setPixelFormat() throws IOException, RfbException {
        byte[] b = new byte[19];
        in.readFully(b);
        PixelFormat f;
        try {
            f = PixelFormat.read(ByteBuffer.wrap(b, 3, 16));
        } catch (IllegalArgumentException e) {
            throw new RfbException(e.getMessage());
        }
        synchronized (this) {
            format = f;
        }
    }

    private void setEncodings() throws IOException, RfbException {
        in.readUnsignedByte();
        int n = in.readUnsignedShort();
        if (n > MAX_ENCODINGS) {
            throw new RfbException(n + " encodings listed; at most " + MAX_ENCODINGS + " are accepted");
        }
        List<Integer> listed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            listed.add(in.readInt());
        }
        EncodingPreferences e = new EncodingPreferences(listed);
        synchronized (this) {
            announceSize |= e.has(EncodingPreferences.EXTENDED_DESKTOP_SIZE)
                    && !encodings.has(EncodingPreferences.EXTENDED_DESKTOP_SIZE);
            cursorDue |= e.has(EncodingPreferences.CURSOR) && !encodings.has(EncodingPreferences.CURSOR);
            keyEventsAckDue |= e.has(EncodingPreferences.QEMU_EXTENDED_KEY)
                    && !encodings.has(EncodingPreferences.QEMU_EXTENDED_KEY);
            encodings = e;
        }
    }

    private void updateRequest() throws IOException {
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

    /** SetDesktopSize (community RFB spec): the guest is offered the mode; its switch comes as a resize. */
    private void setDesktopSize() throws IOException {
        in.readUnsignedByte();
        int w = in.readUnsignedShort(), h = in.readUnsignedShort();
        int screens = in.readUnsignedByte();
        in.readUnsignedByte();
        in.skipNBytes(16L * screens);
        int status = screens == 0 ? SIZE_INVALID
                : options.viewOnly() || !screen.requestMode(w, h) ? SIZE_PROHIBITED : SIZE_OK;
        synchronized (this) {
            sizeReplyStatus = status;
            notifyAll();
        }
    }

    /** A key from a keysym, or from a QEMU extended key event's XT code when it names a known key. */
    private void key(boolean down, int keysym, int qnum) {
        int code = XtKeycodes.linuxKeyCode(qnum);
        if (code == 0) {
            code = options.layout().linuxKeyCode(keysym);
        }
        if (!options.viewOnly() && code != 0) {
            input.key(code, down);
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

    @Override
    public synchronized void cursorChanged() {
        cursorDue = true;
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

    private boolean updateDue() {
        boolean dirty = dx0 < dx1 && dy0 < dy1;
        boolean pseudo = resized || announceSize || cursorDue || keyEventsAckDue
                || sizeReplyStatus != UpdateSender.Update.NO_REPLY;
        return requested && (dirty || pseudo);
    }

    private void writeLoop() {
        try {
            while (!closed) {
                UpdateSender.Update update;
                synchronized (this) {
                    while (!closed && !updateDue()) {
                        wait();
                    }
                    if (closed) {
                        return;
                    }
                    update = new UpdateSender.Update(format, encodings, resized, announceSize, sizeReplyStatus,
                            cursorDue && encodings.has(EncodingPreferences.CURSOR),
                            keyEventsAckDue && encodings.has(EncodingPreferences.QEMU_EXTENDED_KEY),
                            dx0, dy0, dx1, dy1);
                    requested = resized = announceSize = cursorDue = keyEventsAckDue = false;
                    sizeReplyStatus = UpdateSender.Update.NO_REPLY;
                    dx0 = dx1 = dy0 = dy1 = 0;
                }
                sender.send(update);
            }
        } catch (InterruptedException | IOException e) {
            close();
        } catch (RuntimeException e) {
            failure = "update failed: " + e;
            close();
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
        onClose.accept(this);
    }
}
