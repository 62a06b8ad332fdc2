package io.vireo.console.hosts.libvirt;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What a view-only viewer may say to a VNC server: the RFB 3.8 handshake (with no authentication, as libvirt's
 * loopback displays have) and the messages that ask for the picture; its keys, pointer, clipboard and screen size
 * are dropped. A message this does not know ends the relay rather than passing unread.
 */
final class ViewOnlyRfb {
    private static final int NO_AUTHENTICATION = 1;

    private ViewOnlyRfb() {
    }

    /** Copies the viewer's allowed bytes from {@code viewer} to {@code server} until the viewer's stream ends. */
    static void relay(InputStream viewer, OutputStream server) throws IOException {
        DataInputStream in = new DataInputStream(viewer);
        try {
            pass(in, server, 12);
            int security = in.readUnsignedByte();
            if (security != NO_AUTHENTICATION) {
                throw new IOException("a view-only relay takes displays without authentication only");
            }
            server.write(security);
            // the display answers the choice before the viewer says more: it must not wait in a buffer (an ssh pipe's)
            server.flush();
            pass(in, server, 1);
            while (true) {
                int type = in.readUnsignedByte();
                switch (type) {
                    case 0 -> forward(in, server, type, 19);
                    case 2 -> {
                        byte[] head = in.readNBytes(3);
                        int count = ((head[1] & 0xFF) << 8) | (head[2] & 0xFF);
                        server.write(type);
                        server.write(head);
                        pass(in, server, 4 * count);
                    }
                    case 3, 150 -> forward(in, server, type, 9);
                    case 4 -> in.skipNBytes(7);
                    case 5 -> in.skipNBytes(5);
                    case 6 -> {
                        in.skipNBytes(3);
                        in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
                    }
                    case 255 -> {
                        int subtype = in.readUnsignedByte();
                        if (subtype != 0) {
                            throw new IOException("QEMU client message " + subtype + " is not relayed view-only");
                        }
                        in.skipNBytes(10);
                    }
                    default -> throw new IOException("RFB client message " + type + " is not relayed view-only");
                }
                server.flush();
            }
        } catch (EOFException viewerLeft) {
            // the viewer's stream ended: nothing more to relay
        }
    }

    private static void forward(DataInputStream in, OutputStream server, int type, int rest) throws IOException {
        server.write(type);
        pass(in, server, rest);
    }

    private static void pass(DataInputStream in, OutputStream server, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        server.write(bytes);
        server.flush();
    }
}
