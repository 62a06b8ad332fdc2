package io.vireo.engine.display.rfb;

import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.InputSink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;

/** Serves a VM's screen and input over RFB: to streams the console bridges, or on a TCP port. */
public final class RfbServer {
    private final Framebuffer screen;
    private final InputSink input;

    public RfbServer(Framebuffer screen, InputSink input) {
        this.screen = screen;
        this.input = input;
    }

    /** A session over an already authenticated stream (the console's WebSocket bridge). */
    public RfbSession open(InputStream in, OutputStream out, RfbSession.Options options) {
        return new RfbSession(screen, input, options, in, out);
    }

    /** Listens on {@code address}; every client runs its own session, with VNC authentication if a password is given. */
    public AutoCloseable listen(InetSocketAddress address, Optional<String> password) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(address);
        Thread.ofVirtual().name("rfb-listener").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    client.setTcpNoDelay(true);
                    RfbSession session = open(client.getInputStream(), client.getOutputStream(),
                            new RfbSession.Options(false, password));
                    Thread.ofVirtual().name("rfb-session").start(() -> {
                        try (client) {
                            session.run();
                        } catch (IOException e) {
                            // the client broke the protocol or left; only its session ends
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }
}
