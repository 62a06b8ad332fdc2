package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A view-only viewer's bytes reach the VNC server without its keys, pointer or clipboard. */
class ViewOnlyRfbTest {
    private static final byte[] HANDSHAKE = concat("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII),
            new byte[] {1, 1});
    private static final byte[] SET_ENCODINGS = {2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 7};
    private static final byte[] UPDATE_REQUEST = {3, 1, 0, 0, 0, 0, 3, 32, 2, 88};
    private static final byte[] KEY = {4, 1, 0, 0, 0, 0, 0, 0x61};
    private static final byte[] POINTER = {5, 1, 0, 10, 0, 20};
    private static final byte[] CUT_TEXT = {6, 0, 0, 0, 0, 0, 0, 3, 'r', 'm', ' '};
    private static final byte[] QEMU_KEY = {(byte) 255, 0, 0, 1, 0, 0, 0, 0x61, 0, 0, 0, 0x1e};

    @Test
    void theHandshakeAndPictureRequestsPassAndInputIsDropped() throws IOException {
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        ViewOnlyRfb.relay(new ByteArrayInputStream(concat(HANDSHAKE, SET_ENCODINGS, KEY, POINTER, CUT_TEXT, QEMU_KEY,
                UPDATE_REQUEST)), server);
        assertThat(server.toByteArray()).isEqualTo(concat(HANDSHAKE, SET_ENCODINGS, UPDATE_REQUEST));
    }

    /**
     * The viewer sends its shared flag only once the display accepted its security choice: the choice must reach a
     * display behind a buffered stream (an ssh tunnel's pipe) before the relay waits for the flag.
     */
    @Test
    void theSecurityChoiceReachesABufferedDisplayBeforeTheViewerSaysMore() throws IOException {
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        byte[] version = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
        ViewOnlyRfb.relay(new ByteArrayInputStream(concat(version, new byte[] {1})),
                new BufferedOutputStream(server));
        assertThat(server.toByteArray()).isEqualTo(concat(version, new byte[] {1}));
    }

    @Test
    void anUnknownMessageEndsTheRelay() {
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        assertThatThrownBy(() -> ViewOnlyRfb.relay(new ByteArrayInputStream(concat(HANDSHAKE, new byte[] {99, 0})),
                server)).isInstanceOf(IOException.class).hasMessageContaining("99");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
