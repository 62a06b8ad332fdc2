package io.vireo.engine.display.rfb;

import io.vireo.engine.testing.FakeScreen;
import io.vireo.engine.testing.RecordingInput;
import io.vireo.engine.testing.rfb.RfbClient;
import io.vireo.engine.testing.rfb.RfbPipes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mode changes, keyboard layouts and extended key events, the server's session list, and clients that break the protocol. */
class RfbSessionControlTest {
    private final FakeScreen screen = FakeScreen.noise(64, 32);
    private final RecordingInput sink = new RecordingInput();
    private final List<String> inputs = sink.events;
    private final RfbServer server = new RfbServer(screen, sink);
    private final List<RfbPipes> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (RfbPipes c : opened) {
            c.close();
        }
    }

    private RfbPipes pipes(RfbSession.Options options) throws IOException {
        RfbPipes c = new RfbPipes(server, options);
        opened.add(c);
        return c;
    }

    private RfbClient connect(RfbSession.Options options) throws IOException {
        RfbClient client = pipes(options).client();
        client.handshake();
        return client;
    }

    private RfbClient connect() throws IOException {
        return connect(new RfbSession.Options(false, Optional.empty()));
    }

    /** Sends a request for one pixel and waits for its update, so every earlier message has been handled. */
    private static List<RfbClient.Rect> roundTrip(RfbClient client) throws IOException {
        client.request(false, 0, 0, 1, 1);
        return client.readUpdate().rects();
    }

    @Test
    void aGuestModeChangeReachesTheClientAsDesktopSize() throws Exception {
        RfbClient client = connect();
        client.setEncodings(RfbClient.RAW, RfbClient.DESKTOP_SIZE);
        client.request(true, 0, 0, 64, 32);
        screen.resize(80, 40);
        List<RfbClient.Rect> rects = client.readUpdate().rects();
        assertThat(rects.getFirst()).isEqualTo(new RfbClient.Rect(0, 0, 80, 40, RfbClient.DESKTOP_SIZE));
        assertThat(rects.getLast()).isEqualTo(new RfbClient.Rect(0, 0, 80, 40, RfbClient.RAW));
        assertThat(client.width()).isEqualTo(80);
    }

    @Test
    void extendedDesktopSizeIsAnnouncedThenCarriesModeChangesAndAnswersSetDesktopSize() throws Exception {
        RfbClient client = connect();
        client.setEncodings(RfbClient.RAW, RfbClient.DESKTOP_SIZE, RfbClient.EXTENDED_DESKTOP_SIZE);
        assertThat(roundTrip(client).getFirst()).isEqualTo(new RfbClient.Rect(0, 0, 64, 32, RfbClient.EXTENDED_DESKTOP_SIZE));

        client.request(true, 0, 0, 64, 32);
        screen.resize(96, 48);
        assertThat(client.readUpdate().rects()).extracting(RfbClient.Rect::encoding)
                .containsExactly(RfbClient.EXTENDED_DESKTOP_SIZE, RfbClient.RAW);
        assertThat(client.width()).isEqualTo(96);

        ByteBuffer setDesktopSize = ByteBuffer.allocate(8 + 16).put((byte) 251).put((byte) 0)
                .putShort((short) 1280).putShort((short) 800).put((byte) 1).put((byte) 0)
                .putInt(0).putShort((short) 0).putShort((short) 0).putShort((short) 1280).putShort((short) 800).putInt(0);
        client.send(setDesktopSize.array());
        client.request(true, 0, 0, 96, 48);
        assertThat(client.readUpdate().rects()).as("reason 1 (this client asked), status 0 (accepted)")
                .containsExactly(new RfbClient.Rect(1, 0, 96, 48, RfbClient.EXTENDED_DESKTOP_SIZE));
        assertThat(screen.modeRequests).containsExactly("1280x800");
    }

    @Test
    void extendedKeyEventsAreAcknowledgedAndSendThePhysicalKey() throws Exception {
        RfbClient client = connect();
        client.setEncodings(RfbClient.RAW, RfbClient.QEMU_EXTENDED_KEY);
        assertThat(roundTrip(client)).extracting(RfbClient.Rect::encoding).contains(RfbClient.QEMU_EXTENDED_KEY);
        client.extendedKey('z', 0x15, true);
        client.extendedKey(0xFF52, 0xC8, true);
        client.extendedKey('a', 0, false);
        roundTrip(client);
        assertThat(inputs).as("the key in the Y position, Up (E0 48), and a keysym when the code is 0")
                .containsExactly("key 21 down", "key 103 down", "key 30 up");
    }

    @Test
    void aGermanLayoutSessionMapsKeysymsToGermanKeys() throws Exception {
        RfbClient client = connect(new RfbSession.Options("de", false, Optional.empty(), KeyboardLayout.DE));
        client.key('z', true);
        client.key('@', true);
        roundTrip(client);
        assertThat(inputs).containsExactly("key 21 down", "key 16 down");
    }

    @Test
    void germanKeysymsMapToTheKeysThatProduceThemOnAGermanKeyboard() {
        KeyboardLayout de = KeyboardLayout.DE;
        int[][] expected = {
            {'z', 21}, {'Z', 21}, {'y', 44}, {'Y', 44}, {0xE4, 40}, {0xC4, 40}, {0xF6, 39}, {0xFC, 26}, {0xDF, 12},
            {'@', 16}, {0x20AC, 18}, {'{', 8}, {'[', 9}, {']', 10}, {'}', 11}, {'\\', 12}, {'|', 86}, {'~', 27},
            {'-', 53}, {'/', 8}, {'#', 43}, {'<', 86}, {'>', 86}, {0xA7, 4}, {0xFE52, 41}, {0xFE51, 13}, {0xB5, 50},
            {0x0100_20AC, 18}, {0xFF0D, 28},
        };
        for (int[] e : expected) {
            assertThat(de.linuxKeyCode(e[0])).as("keysym 0x%X", e[0]).isEqualTo(e[1]);
        }
        assertThat(KeyboardLayout.US.linuxKeyCode('z')).isEqualTo(44);
        assertThat(KeyboardLayout.named("de")).isEqualTo(KeyboardLayout.DE);
    }

    @Test
    void viewOnlySessionsSendNoInputAtAll() throws Exception {
        RfbPipes c = pipes(new RfbSession.Options("watcher", true, Optional.empty(), KeyboardLayout.US));
        RfbClient client = c.client();
        client.handshake();
        client.key('a', true);
        client.extendedKey('a', 0x1E, true);
        client.pointer(3, 4, 1);
        roundTrip(client);
        assertThat(c.session().ctrlAltDel()).isFalse();
        assertThat(inputs).isEmpty();
    }

    @Test
    void ctrlAltDelPressesTheChordAndReleasesIt() {
        server.ctrlAltDel();
        assertThat(inputs).containsExactly("key 29 down", "key 56 down", "key 111 down",
                "key 111 up", "key 56 up", "key 29 up");
    }

    @Test
    void theServerListsItsLiveSessionsAndDisconnectsOne() throws Exception {
        connect(new RfbSession.Options("alice", false, Optional.empty(), KeyboardLayout.US));
        RfbClient bob = connect(new RfbSession.Options("bob", true, Optional.empty(), KeyboardLayout.US));
        assertThat(server.sessions()).extracting(RfbSession.Info::label).containsExactly("alice", "bob");
        RfbSession.Info bobInfo = server.sessions().get(1);
        assertThat(bobInfo.viewOnly()).isTrue();
        assertThat(bobInfo.connectedSince()).isNotNull();

        assertThat(server.disconnect(bobInfo.id())).isTrue();
        assertThatThrownBy(() -> roundTrip(bob)).isInstanceOf(IOException.class);
        assertThat(server.sessions()).extracting(RfbSession.Info::label).containsExactly("alice");
        assertThat(server.disconnect(bobInfo.id())).isFalse();
    }

    @Test
    void malformedMessagesCloseThatSessionOnlyWithAClearReason() throws Exception {
        RfbClient good = connect();
        byte[][] malformed = {
            {99},
            {2, 0, (byte) 0xEA, 0x60},
            {6, 0, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            {(byte) 255, 7},
        };
        String[] reasons = {"unknown client message type 99", "60000 encodings listed",
            "clipboard text length 2147483647", "unknown QEMU client message 7"};
        for (int i = 0; i < malformed.length; i++) {
            RfbPipes c = pipes(new RfbSession.Options(false, Optional.empty()));
            RfbClient bad = c.client();
            bad.handshake();
            bad.send(malformed[i]);
            c.awaitServerEnd();
            String reason = reasons[i];
            assertThat(c.session().failure()).hasValueSatisfying(r -> assertThat(r).startsWith(reason));
            assertThatThrownBy(bad::readUpdate).isInstanceOf(EOFException.class);
        }
        assertThat(roundTrip(good)).as("the other session carries on").isNotEmpty();
        assertThat(server.sessions()).hasSize(1);
    }
}
