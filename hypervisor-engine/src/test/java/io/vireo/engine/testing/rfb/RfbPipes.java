package io.vireo.engine.testing.rfb;

import io.vireo.engine.display.rfb.RfbServer;
import io.vireo.engine.display.rfb.RfbSession;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

/** A session of an {@link RfbServer} on one end of in-process pipes and an {@link RfbClient} on the other, for tests. */
public final class RfbPipes implements AutoCloseable {
    private final RfbClient client;
    private final RfbSession session;
    private final Thread serverThread;

    public RfbPipes(RfbServer server, RfbSession.Options options) throws IOException {
        PipedInputStream serverIn = new PipedInputStream(1 << 22), clientIn = new PipedInputStream(1 << 22);
        PipedOutputStream clientOut = new PipedOutputStream(serverIn), serverOut = new PipedOutputStream(clientIn);
        client = new RfbClient(clientIn, clientOut);
        session = server.open(serverIn, serverOut, options);
        serverThread = Thread.ofPlatform().start(() -> {
            try {
                session.run();
            } catch (IOException e) {
                // ends the session; tests look at what the client saw
            }
        });
    }

    public RfbClient client() {
        return client;
    }

    public RfbSession session() {
        return session;
    }

    /** Waits until the server side of the session has ended. */
    public void awaitServerEnd() throws InterruptedException {
        serverThread.join(5000);
    }

    /** Hangs up the client's end and waits for the session to end. */
    @Override
    public void close() throws Exception {
        client.close();
        serverThread.join(5000);
    }
}
