package io.vireo.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;

import io.vireo.console.security.Browser.ConsoleSocket;

/**
 * What noVNC does first on a console WebSocket, step by step: the RFB 3.8 handshake with no authentication (the
 * console's displays need none behind its ticket), a shared session, then a request for the whole screen, which the
 * display answers with a framebuffer update.
 */
final class RfbViewer {
    private static final String VERSION = "RFB 003.008\n";
    private static final byte NO_AUTHENTICATION = 1;

    private RfbViewer() {
    }

    /** Handshakes on {@code console} and waits until a framebuffer update with at least one rectangle arrives. */
    static void awaitPicture(ConsoleSocket console, Duration within) {
        String version = awaitBytes(console, 0, VERSION.length(), within);
        assertThat(version).isEqualTo(VERSION);
        console.send(VERSION.getBytes(StandardCharsets.US_ASCII));
        int types = awaitBytes(console, 12, 1, within).charAt(0);
        String offered = awaitBytes(console, 13, types, within);
        assertThat(offered).as("the display offers no authentication")
                .contains(String.valueOf((char) NO_AUTHENTICATION));
        console.send(new byte[] {NO_AUTHENTICATION});
        int at = 13 + types;
        assertThat(awaitBytes(console, at, 4, within)).as("security result: OK").isEqualTo("\0\0\0\0");
        console.send(new byte[] {1});
        at += 4;
        String init = awaitBytes(console, at, 24, within);
        int width = u16(init, 0);
        int height = u16(init, 2);
        assertThat(width).as("the screen's width").isPositive();
        int nameLength = (int) u32(init, 20);
        at += 24 + nameLength;
        console.send(new byte[] {3, 0, 0, 0, 0, 0, (byte) (width >> 8), (byte) width, (byte) (height >> 8),
                (byte) height});
        String update = awaitBytes(console, at, 4, within);
        assertThat(update.charAt(0)).as("a framebuffer update").isEqualTo('\0');
        assertThat(u16(update, 2)).as("rectangles of the screen").isPositive();
    }

    /** The {@code length} bytes from {@code offset} of what the console sent, once they arrived. */
    private static String awaitBytes(ConsoleSocket console, int offset, int length, Duration within) {
        return Awaitility.await().atMost(within).until(console::receivedText, text -> text.length() >= offset + length)
                .substring(offset, offset + length);
    }

    private static int u16(String bytes, int at) {
        return (bytes.charAt(at) << 8) | bytes.charAt(at + 1);
    }

    private static long u32(String bytes, int at) {
        return ((long) u16(bytes, at) << 16) | u16(bytes, at + 2);
    }
}
