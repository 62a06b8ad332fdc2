package io.vireo.console.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.WebSocketSession;

/** The RFB session's output: everything written up to a flush goes to the viewer as one binary message. */
final class WebSocketOutput extends OutputStream {
    private final WebSocketSession socket;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    WebSocketOutput(WebSocketSession socket) {
        this.socket = socket;
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        byte[] message = pending.toByteArray();
        pending.reset();
        try {
            socket.sendMessage(new BinaryMessage(message));
        } catch (IllegalStateException closed) {
            // A socket the viewer or the console closed says so with this, not an IOException; for the RFB
            // session both mean the viewer is gone.
            throw new IOException("the viewer's socket is closed", closed);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
