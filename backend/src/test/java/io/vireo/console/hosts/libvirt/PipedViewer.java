package io.vireo.console.hosts.libvirt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;

import io.vireo.console.engine.DisplaySession;

/**
 * A viewer at the far end of a display relay, as the console's WebSocket would be: what it types reaches the relay
 * through a pipe, and what the relay sends it piles up to be read.
 */
final class PipedViewer implements AutoCloseable {
    private final PipedOutputStream keys = new PipedOutputStream();
    private final PipedInputStream in;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) {
            synchronized (screen) {
                screen.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (screen) {
                screen.write(b, off, len);
            }
        }
    };

    PipedViewer() throws IOException {
        this.in = new PipedInputStream(keys);
    }

    /** What the relay reads from the viewer. */
    InputStream in() {
        return in;
    }

    /** Where the relay writes to the viewer. */
    OutputStream out() {
        return out;
    }

    /** Runs the session on a thread of its own until it ends. */
    static Thread relay(DisplaySession session) {
        return Thread.ofVirtual().start(() -> {
            try {
                session.run();
            } catch (IOException e) {
                // the session ends when the test closes it
            }
        });
    }

    byte[] received() {
        synchronized (screen) {
            return screen.toByteArray();
        }
    }

    String text() {
        return new String(received(), StandardCharsets.US_ASCII);
    }

    void type(String ascii) throws IOException {
        keys.write(ascii.getBytes(StandardCharsets.US_ASCII));
        keys.flush();
    }

    @Override
    public void close() throws IOException {
        keys.close();
    }
}
