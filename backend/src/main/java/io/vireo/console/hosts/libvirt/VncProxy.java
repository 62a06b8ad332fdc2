package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vireo.console.engine.DisplaySession;

/**
 * A viewer's RFB session relayed to a domain's VNC display, which libvirt opens on the host's loopback only: the
 * console reaches it along the host's {@link VncRoute}. The display's bytes pass unchanged; a view-only viewer's pass
 * {@link ViewOnlyRfb}, which keeps its keys and pointer back.
 */
final class VncProxy implements DisplaySession {
    /** libvirt writes the port it chose into the live domain's XML: {@code <graphics type='vnc' port='5900' …>}. */
    private static final Pattern PORT = Pattern.compile("<graphics type='vnc' port='([0-9]{1,5})'");

    private final VncRoute.Channel display;
    private final InputStream viewerIn;
    private final OutputStream viewerOut;
    private final boolean viewOnly;

    private VncProxy(VncRoute.Channel display, InputStream viewerIn, OutputStream viewerOut, boolean viewOnly) {
        this.display = display;
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

    static VncProxy open(VncRoute route, int port, InputStream viewerIn, OutputStream viewerOut, boolean viewOnly)
            throws IOException {
        return new VncProxy(route.open(port), viewerIn, viewerOut, viewOnly);
    }

    /** Relays until either side ends: the viewer's input on a thread of its own, the display's output here. */
    @Override
    public void run() throws IOException {
        Thread upstream = Thread.ofVirtual().name("vnc-in").start(() -> {
            try {
                if (viewOnly) {
                    ViewOnlyRfb.relay(viewerIn, display.output());
                } else {
                    transfer(viewerIn, display.output());
                }
                display.endOutput();
            } catch (IOException e) {
                close();
            }
        });
        try {
            transfer(display.input(), viewerOut);
        } finally {
            close();
            upstream.interrupt();
        }
    }

    /** Copies until {@code from} ends, flushing each piece at once: a display's updates must not wait in a buffer. */
    private static void transfer(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[64 << 10];
        for (int n; (n = from.read(buffer)) >= 0; ) {
            to.write(buffer, 0, n);
            to.flush();
        }
    }

    @Override
    public void close() {
        try {
            display.close();
        } catch (IOException e) {
            // closing a channel that failed already leaves nothing to do
        }
    }
}
