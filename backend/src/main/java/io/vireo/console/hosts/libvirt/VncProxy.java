package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vireo.console.engine.DisplaySession;

/**
 * A viewer's RFB session relayed to a domain's VNC display, which libvirt opens on the host's loopback only: the
 * console reaches it when the host is its own machine. The display's bytes pass unchanged; a view-only viewer's pass
 * {@link ViewOnlyRfb}, which keeps its keys and pointer back.
 */
final class VncProxy implements DisplaySession {
    /** libvirt writes the port it chose into the live domain's XML: {@code <graphics type='vnc' port='5900' …>}. */
    private static final Pattern PORT = Pattern.compile("<graphics type='vnc' port='([0-9]{1,5})'");

    private final Socket socket;
    private final InputStream viewerIn;
    private final OutputStream viewerOut;
    private final boolean viewOnly;

    private VncProxy(Socket socket, InputStream viewerIn, OutputStream viewerOut, boolean viewOnly) {
        this.socket = socket;
        this.viewOnly = viewOnly;
        this.viewerIn = viewerIn;
        this.viewerOut = viewerOut;
    }

    /** The VNC port of a running domain, from its live XML; empty when it has none (yet). */
    static Optional<Integer> port(String liveXml) {
        Matcher m = PORT.matcher(liveXml);
        return m.find() && Integer.parseInt(m.group(1)) > 0 ? Optional.of(Integer.parseInt(m.group(1)))
                : Optional.empty();
    }

    static VncProxy open(int port, InputStream viewerIn, OutputStream viewerOut, boolean viewOnly)
            throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        return new VncProxy(socket, viewerIn, viewerOut, viewOnly);
    }

    /** Relays until either side ends: the viewer's input on a thread of its own, the display's output here. */
    @Override
    public void run() throws IOException {
        Thread upstream = Thread.ofVirtual().name("vnc-in-" + socket.getLocalPort()).start(() -> {
            try {
                if (viewOnly) {
                    ViewOnlyRfb.relay(viewerIn, socket.getOutputStream());
                } else {
                    viewerIn.transferTo(socket.getOutputStream());
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                close();
            }
        });
        try {
            InputStream display = socket.getInputStream();
            byte[] buffer = new byte[64 << 10];
            for (int n; (n = display.read(buffer)) >= 0; ) {
                viewerOut.write(buffer, 0, n);
                viewerOut.flush();
            }
        } finally {
            close();
            upstream.interrupt();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket that failed already leaves nothing to do
        }
    }
}
