package io.vireo.engine.display.rfb;

import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.InputSink;
import io.vireo.engine.display.rfb.encoding.PixelFormat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One RFB (VNC) client over any byte stream (RFC 6143): protocol 3.3, 3.7 or 3.8, security None or
 * VNC authentication, true-colour pixel formats of 8, 16 or 32 bits, the encodings of
 * {@link UpdateSender}, and QEMU's extended key events. This class runs the session: after the
 * {@link Handshake}, the reader (the caller of {@link #run}) applies {@link ClientMessages} to the
 * {@link PendingUpdate} and the {@link SessionInput}; a writer thread sends an update only when the
 * client asked and the guest flushed something, so a slow client never slows the guest.
 */
public final class RfbSession implements AutoCloseable {
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
    private final Options options;
    private final DataInputStream in;
    private final OutputStream out;
    private final Consumer<RfbSession> onClose;
    private final UpdateSender sender;
    private final PendingUpdate pending = new PendingUpdate();
    private final SessionInput input;
    private final ClientMessages.Handler messages = new ClientMessages.Handler() {
        @Override
        public void setPixelFormat(PixelFormat format) {
            pending.format(format);
        }

        @Override
        public void setEncodings(EncodingPreferences encodings) {
            pending.encodings(encodings);
        }

        @Override
        public void updateRequest(boolean incremental, int x, int y, int width, int height) {
            pending.request(incremental, x, y, width, height);
        }

        @Override
        public void key(boolean down, int keysym, int xtCode) {
            input.key(down, keysym, xtCode);
        }

        @Override
        public void pointer(int buttons, int x, int y) {
            input.pointer(buttons, x, y);
        }

        /** SetDesktopSize (community RFB spec): the guest is offered the mode; its switch comes as a resize. */
        @Override
        public void setDesktopSize(int width, int height, int screens) {
            pending.sizeReply(screens == 0 ? SIZE_INVALID
                    : options.viewOnly() || !screen.requestMode(width, height) ? SIZE_PROHIBITED : SIZE_OK);
        }
    };
    private volatile boolean closed;
    private volatile String failure;

    RfbSession(long id, Framebuffer screen, InputSink input, Options options, InputStream in, OutputStream out,
               Consumer<RfbSession> onClose) {
        this.id = id;
        this.screen = screen;
        this.options = options;
        this.in = new DataInputStream(in);
        this.out = out;
        this.onClose = onClose;
        this.sender = new UpdateSender(screen, out);
        this.input = new SessionInput(input, screen, options.viewOnly(), options.layout());
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
        screen.addListener(pending);
        Thread writer = null;
        try {
            int[] size = Handshake.run(in, out, options.password(), screen, PixelFormat.DEFAULT);
            sender.clientSize(size[0], size[1]);
            writer = Thread.ofVirtual().name("rfb-writer").start(this::writeLoop);
            while (!closed) {
                ClientMessages.readNext(in, messages);
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
        return input.ctrlAltDel();
    }

    private void writeLoop() {
        try {
            UpdateSender.Update update;
            while ((update = pending.take()) != null) {
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
        screen.removeListener(pending);
        pending.close();
        try {
            in.close();
            out.close();
        } catch (IOException e) {
            // already gone
        }
        onClose.accept(this);
    }
}
