package io.vireo.engine.testing;

import io.vireo.engine.bench.RfbClient;
import io.vireo.engine.display.rfb.RfbServer;
import io.vireo.engine.display.rfb.RfbSession;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** An RFB client over pipes to an {@link RfbServer}, for tests: raw streams, handshake with security None, keys, or a decoding {@link RfbClient}. */
public final class RfbTestClient implements AutoCloseable {
    public final DataInputStream fromServer;
    public final DataOutputStream toServer;
    private final Thread serverThread;
    private final RfbSession session;

    public RfbTestClient(RfbServer server, RfbSession.Options options) throws IOException {
        PipedInputStream serverIn = new PipedInputStream(1 << 22), clientIn = new PipedInputStream(1 << 22);
        toServer = new DataOutputStream(new PipedOutputStream(serverIn));
        PipedOutputStream serverOut = new PipedOutputStream(clientIn);
        fromServer = new DataInputStream(clientIn);
        session = server.open(serverIn, serverOut, options);
        serverThread = Thread.ofPlatform().start(() -> {
            try {
                session.run();
            } catch (IOException e) {
                // ends the session; tests look at what the client saw
            }
        });
    }

    public RfbSession session() {
        return session;
    }

    /** A decoding client on the same pipes, for tests that look at what updates carry. */
    public RfbClient decoder() {
        return new RfbClient(fromServer, toServer);
    }

    /** Waits until the server side of the session has ended. */
    public void awaitServerEnd() throws InterruptedException {
        serverThread.join(5000);
    }

    /** Security None at protocol 3.8; returns the screen's width and height from ServerInit. */
    public int[] handshakeNone() throws IOException {
        fromServer.skipNBytes(12);
        toServer.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        toServer.flush();
        fromServer.skipNBytes(fromServer.readUnsignedByte());
        toServer.write(1);
        toServer.flush();
        if (fromServer.readInt() != 0) {
            throw new IOException("security failed");
        }
        toServer.write(1);
        toServer.flush();
        int w = fromServer.readUnsignedShort(), h = fromServer.readUnsignedShort();
        fromServer.skipNBytes(16);
        fromServer.skipNBytes(fromServer.readInt());
        return new int[] {w, h};
    }

    public void key(int keysym, boolean down) throws IOException {
        toServer.write(new byte[] {4, (byte) (down ? 1 : 0), 0, 0});
        toServer.writeInt(keysym);
        toServer.flush();
    }

    /** Types text as an RFB client would: Shift around shifted characters, Return for newline. */
    public void type(String text) throws IOException {
        for (char c : text.toCharArray()) {
            boolean shift = Character.isUpperCase(c) || "~!@#$%^&*()_+{}|:\"<>?".indexOf(c) >= 0;
            int keysym = c == '\n' ? 0xFF0D : c;
            if (shift) {
                key(0xFFE1, true);
            }
            key(keysym, true);
            key(keysym, false);
            if (shift) {
                key(0xFFE1, false);
            }
        }
    }

    @Override
    public void close() throws Exception {
        toServer.close();
        serverThread.join(5000);
    }
}
