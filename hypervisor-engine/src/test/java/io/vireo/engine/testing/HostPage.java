package io.vireo.engine.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** One page served over HTTP on the host, for guests to fetch through their networks; closing stops it. */
public final class HostPage implements AutoCloseable {
    private final HttpServer server;

    private HostPage(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code body} at {@code path} on {@code address}, on a port the system picks. */
    public static HostPage serve(InetAddress address, String path, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return new HostPage(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
