package io.vireo.engine.display.rfb;

import io.vireo.engine.display.rfb.encoding.PixelFormat;
import io.vireo.engine.testing.FakeScreen;
import io.vireo.engine.testing.RecordingInput;
import io.vireo.engine.testing.rfb.RfbClient;
import io.vireo.engine.testing.rfb.RfbPipes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RfbSessionTest {
    private final FakeScreen screen = FakeScreen.noise(64, 32);
    private final RecordingInput sink = new RecordingInput();
    private final List<String> inputs = sink.events;
    private RfbPipes pipes;
    private RfbClient client;
    private DataInputStream fromServer;
    private DataOutputStream toServer;

    private void connect(RfbSession.Options options) throws IOException {
        pipes = new RfbPipes(new RfbServer(screen, sink), options);
        client = pipes.client();
        fromServer = client.fromServer();
        toServer = client.toServer();
    }

    @AfterEach
    void close() throws Exception {
        if (pipes != null) {
            pipes.close();
        }
    }

    /** RFB 3.8 handshake with security None or VNC authentication; returns the server's width and height. */
    private int[] handshake(String version, Optional<String> password) throws Exception {
        byte[] banner = new byte[12];
        fromServer.readFully(banner);
        assertThat(new String(banner, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
        toServer.write(version.getBytes(StandardCharsets.US_ASCII));
        toServer.flush();
        int security;
        if (version.equals("RFB 003.003\n")) {
            security = fromServer.readInt();
        } else {
            assertThat(fromServer.readUnsignedByte()).isEqualTo(1);
            security = fromServer.readUnsignedByte();
            toServer.write(security);
            toServer.flush();
        }
        if (security == 2) {
            byte[] challenge = new byte[16];
            fromServer.readFully(challenge);
            byte[] key = new byte[8];
            byte[] pw = password.orElseThrow().getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 8 && i < pw.length; i++) {
                key[i] = (byte) (Integer.reverse(pw[i] & 0xFF) >>> 24);
            }
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            toServer.write(des.doFinal(challenge));
            toServer.flush();
        }
        if (security == 2 || version.equals("RFB 003.008\n")) {
            int result = fromServer.readInt();
            if (result != 0) {
                throw new IOException("security failed");
            }
        }
        toServer.write(1);
        toServer.flush();
        int w = fromServer.readUnsignedShort(), h = fromServer.readUnsignedShort();
        fromServer.skipNBytes(16);
        fromServer.skipNBytes(fromServer.readInt());
        return new int[] {w, h};
    }

    private void setPixelFormat16BigEndian565() throws IOException {
        client.setPixelFormat(new PixelFormat(16, 16, true, 31, 63, 31, 11, 5, 0));
    }

    /** Reads one FramebufferUpdate with a single Raw rectangle of 16-bit big-endian pixels; returns {x,y,w,h}. */
    private int[] readRaw565(int[] dst) throws IOException {
        assertThat(fromServer.readUnsignedByte()).isZero();
        fromServer.readUnsignedByte();
        assertThat(fromServer.readUnsignedShort()).isEqualTo(1);
        int x = fromServer.readUnsignedShort(), y = fromServer.readUnsignedShort();
        int w = fromServer.readUnsignedShort(), h = fromServer.readUnsignedShort();
        assertThat(fromServer.readInt()).as("Raw").isZero();
        for (int i = 0; i < w * h; i++) {
            dst[i] = fromServer.readUnsignedShort();
        }
        return new int[] {x, y, w, h};
    }

    private static int to565(int rgb) {
        return (((rgb >>> 16) & 0xFF) * 31 / 255) << 11 | (((rgb >>> 8) & 0xFF) * 63 / 255) << 5 | (rgb & 0xFF) * 31 / 255;
    }

    @Test
    void aFullUpdateInTheClientsPixelFormatReproducesTheScreen() throws Exception {
        connect(new RfbSession.Options(false, Optional.empty()));
        assertThat(handshake("RFB 003.008\n", Optional.empty())).containsExactly(64, 32);
        setPixelFormat16BigEndian565();
        client.request(false, 0, 0, 64, 32);
        int[] got = new int[64 * 32];
        assertThat(readRaw565(got)).containsExactly(0, 0, 64, 32);
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).isEqualTo(to565(screen.pixels()[i]));
        }
    }

    @Test
    void aRequestForARectangleOffTheScreenIsAnsweredAndTheSessionGoesOn() throws Exception {
        connect(new RfbSession.Options(false, Optional.empty()));
        handshake("RFB 003.008\n", Optional.empty());
        setPixelFormat16BigEndian565();
        client.request(false, 100, 28, 8, 8);         // right of the 64x32 screen, down to its last row
        assertThat(fromServer.readUnsignedByte()).as("FramebufferUpdate").isZero();
        fromServer.readUnsignedByte();
        assertThat(fromServer.readUnsignedShort()).as("rectangles: nothing of it is on the screen").isZero();
        client.request(false, 0, 0, 64, 32);
        assertThat(readRaw565(new int[64 * 32])).containsExactly(0, 0, 64, 32);
    }

    @Test
    void incrementalRequestsGetOnlyWhatTheGuestFlushed() throws Exception {
        connect(new RfbSession.Options(false, Optional.empty()));
        handshake("RFB 003.008\n", Optional.empty());
        setPixelFormat16BigEndian565();
        client.request(true, 0, 0, 64, 32);
        assertThat(fromServer.available()).as("nothing changed yet: no update").isZero();
        screen.flush(10, 5, 4, 3);
        int[] got = new int[12];
        assertThat(readRaw565(got)).containsExactly(10, 5, 4, 3);
        assertThat(got[0]).isEqualTo(to565(screen.pixels()[5 * 64 + 10]));
    }

    @Test
    void vncAuthenticationAcceptsTheRightPasswordOnly() throws Exception {
        connect(new RfbSession.Options(false, Optional.of("secret")));
        assertThat(handshake("RFB 003.008\n", Optional.of("secret"))).containsExactly(64, 32);
        pipes.close();
        connect(new RfbSession.Options(false, Optional.of("secret")));
        assertThatThrownBy(() -> handshake("RFB 003.008\n", Optional.of("wrong"))).hasMessage("security failed");
    }

    @Test
    void aVersionStringWithoutDigitsEndsTheSessionWithAProtocolError() {
        RfbSession session = new RfbServer(screen, sink).open(
                new java.io.ByteArrayInputStream("RFB 003.0x8\n".getBytes(StandardCharsets.US_ASCII)),
                java.io.OutputStream.nullOutputStream(), new RfbSession.Options(false, Optional.empty()));
        assertThatThrownBy(session::run).isInstanceOf(IOException.class).hasMessageContaining("not an RFB client");
    }

    @Test
    void protocol33ClientsAreServed() throws Exception {
        connect(new RfbSession.Options(false, Optional.empty()));
        assertThat(handshake("RFB 003.003\n", Optional.empty())).containsExactly(64, 32);
    }

    @Test
    void aVersionThatIsNotANumberEndsTheSessionWithAReason() throws Exception {
        connect(new RfbSession.Options(false, Optional.empty()));
        fromServer.skipNBytes(12);
        toServer.write("RFB 003.00x\n".getBytes(StandardCharsets.US_ASCII));
        toServer.flush();
        pipes.awaitServerEnd();
        assertThat(pipes.session().failure()).hasValue("not an RFB client");
    }

    @Test
    void keysAndPointerReachTheGuestUnlessTheSessionIsViewOnly() throws Exception {
        connect(new RfbSession.Options(false, Optional.empty()));
        handshake("RFB 003.008\n", Optional.empty());
        client.key('A', true);
        client.key(0xFF0D, false);
        client.pointer(7, 9, 1);
        client.request(false, 0, 0, 1, 1);
        readRaw565Skip();
        assertThat(inputs).containsExactly("key 30 down", "key 28 up", "pointer 7,9 1");
        pipes.close();
        inputs.clear();
        connect(new RfbSession.Options(true, Optional.empty()));
        handshake("RFB 003.008\n", Optional.empty());
        client.key('A', true);
        client.request(false, 0, 0, 1, 1);
        readRaw565Skip();
        assertThat(inputs).as("view-only").isEmpty();
    }

    private void readRaw565Skip() throws IOException {
        fromServer.skipNBytes(4 + 12);
        fromServer.skipNBytes(4);
    }

    @Test
    void aClientThatNeverReadsDoesNotHoldUpTheGuestsFlushes() throws Exception {
        connect(new RfbSession.Options(false, Optional.empty()));
        handshake("RFB 003.008\n", Optional.empty());
        client.request(false, 0, 0, 64, 32);
        for (int i = 0; i < 10_000; i++) {
            screen.flush(0, 0, 64, 32);
        }
        assertThat(screen.listenerCount()).isEqualTo(1);
    }

    @Test
    void usKeysymsMapToLinuxKeyCodes() {
        assertThat(KeyboardLayout.US.linuxKeyCode('a')).isEqualTo(30);
        assertThat(KeyboardLayout.US.linuxKeyCode('A')).isEqualTo(30);
        assertThat(KeyboardLayout.US.linuxKeyCode(0xFF0D)).isEqualTo(28);
        assertThat(KeyboardLayout.US.linuxKeyCode(0xFF52)).as("Up").isEqualTo(103);
        assertThat(KeyboardLayout.US.linuxKeyCode('>')).isEqualTo(52);
        assertThat(KeyboardLayout.US.linuxKeyCode(0x20AC)).as("no key for the euro sign on a US layout").isZero();
    }
}
