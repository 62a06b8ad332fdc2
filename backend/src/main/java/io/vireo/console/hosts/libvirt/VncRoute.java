package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

/**
 * How the console reaches a domain's VNC display, which libvirt opens on its host's loopback only: directly for the
 * daemon of the console's own machine, through an {@link SshTunnel} for a {@code qemu+ssh} host.
 */
@FunctionalInterface
public interface VncRoute {

    /** A byte channel to the display at {@code port} of the host's loopback. */
    Channel open(int port) throws IOException;

    /** The host is the console's machine: its loopback is the console's. */
    static VncRoute loopback() {
        return port -> {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            return new Channel() {
                @Override
                public InputStream input() throws IOException {
                    return socket.getInputStream();
                }

                @Override
                public OutputStream output() throws IOException {
                    return socket.getOutputStream();
                }

                @Override
                public void endOutput() throws IOException {
                    socket.shutdownOutput();
                }

                @Override
                public void close() throws IOException {
                    socket.close();
                }
            };
        };
    }

    /** Both directions of a display's bytes; closing it ends whatever carries them. */
    interface Channel extends AutoCloseable {
        InputStream input() throws IOException;

        OutputStream output() throws IOException;

        /** The viewer is done talking: the display may still answer. */
        void endOutput() throws IOException;

        @Override
        void close() throws IOException;
    }
}
