package io.vireo.engine.display.rfb;

import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.InputSink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a VM's screen and input over RFB: to streams the console bridges, or on a TCP port. It
 * keeps the list of its live sessions so the console can show who is watching and disconnect one.
 */
public final class RfbServer implements AutoCloseable {
    private final Framebuffer screen;
    private final InputSink input;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, RfbSession> sessions = new ConcurrentHashMap<>();
    private final List<ServerSocket> listeners = new CopyOnWriteArrayList<>();

    public RfbServer(Framebuffer screen, InputSink input) {
        this.screen = screen;
        this.input = input;
    }

    /** A session over an already authenticated stream (the console's WebSocket bridge); the caller runs it. */
    public RfbSession open(InputStream in, OutputStream out, RfbSession.Options options) {
        RfbSession session = new RfbSession(ids.incrementAndGet(), screen, input, options, in, out,
                s -> sessions.remove(s.info().id()));
        sessions.put(session.info().id(), session);
        return session;
    }

    /** The live sessions, oldest first. */
    public List<RfbSession.Info> sessions() {
        return sessions.values().stream().map(RfbSession::info)
                .sorted(Comparator.comparing(RfbSession.Info::id)).toList();
    }

    /** Ends one session; false if there is none with that id (any more). */
    public boolean disconnect(long sessionId) {
        RfbSession session = sessions.get(sessionId);
        if (session == null) {
            return false;
        }
        session.close();
        return true;
    }

    /** Ctrl-Alt-Del for the console's button: sent straight to the guest, not through a session. */
    public void ctrlAltDel() {
        input.ctrlAltDel();
    }

    /**
     * Listens on {@code address}; every client runs its own session (labelled with its address), with
     * VNC authentication if a password is given and keysyms read for {@code layout}.
     */
    public AutoCloseable listen(InetSocketAddress address, Optional<String> password, KeyboardLayout layout)
            throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(address);
        listeners.add(server);
        Thread.ofVirtual().name("rfb-listener").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    client.setTcpNoDelay(true);
                    RfbSession session = open(client.getInputStream(), client.getOutputStream(),
                            new RfbSession.Options(client.getRemoteSocketAddress().toString(), false, password, layout));
                    Thread.ofVirtual().name("rfb-session").start(() -> {
                        try (client) {
                            session.run();
                        } catch (IOException e) {
                            System.err.println("[vireo] " + e.getMessage());
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return () -> {
            listeners.remove(server);
            server.close();
        };
    }

    /** Stops listening and disconnects every session (the VM powered off). */
    @Override
    public void close() throws IOException {
        for (ServerSocket s : listeners) {
            s.close();
        }
        listeners.clear();
        sessions.values().forEach(RfbSession::close);
    }
}
