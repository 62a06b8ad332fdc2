package io.vireo.engine.cli;

import io.vireo.engine.display.InputSink;
import io.vireo.engine.display.rfb.KeyboardLayout;
import io.vireo.engine.display.rfb.RfbServer;
import io.vireo.engine.testing.FakeScreen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VncOptionTest {
    @TempDir
    Path dir;

    @Test
    void aLoopbackListenerNeedsNoPassword() {
        VncOption vnc = VncOption.parse("127.0.0.1:5901", Optional.empty(), Map.of());
        assertThat(vnc.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 5901));
        assertThat(vnc.password()).isEmpty();
    }

    @Test
    void anyOtherAddressIsRefusedWithoutAPasswordAndSaysWhereOneComesFrom() {
        assertThatThrownBy(() -> VncOption.parse("0.0.0.0:5901", Optional.empty(), Map.of()))
                .hasMessageContaining("needs a password").hasMessageContaining("--vnc-password-file")
                .hasMessageContaining(VncOption.PASSWORD_VARIABLE);
    }

    @Test
    void thePasswordComesFromTheFilesFirstLineBeforeTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret\nignored\n");
        VncOption vnc = VncOption.parse("0.0.0.0:5901", Optional.of(file), Map.of(VncOption.PASSWORD_VARIABLE, "other"));
        assertThat(vnc.password()).contains("s3cret");
        assertThat(VncOption.parse("0.0.0.0:5901", Optional.empty(), Map.of(VncOption.PASSWORD_VARIABLE, "other"))
                .password()).contains("other");
    }

    @Test
    void anEmptyOrMissingPasswordFileIsAnError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> VncOption.parse("0.0.0.0:5901", Optional.of(empty), Map.of()))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> VncOption.parse("127.0.0.1:5901", Optional.of(dir.resolve("none")), Map.of()))
                .hasMessageContaining("--vnc-password-file");
    }

    @Test
    void bootTakesThePasswordFileOnlyWithVncAndNeverAsAnArgument() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret");
        BootCommand.Options o = BootCommand.parse(Map.of(), "--kernel", "Image", "--vnc", "0.0.0.0:5901",
                "--vnc-password-file", file.toString());
        assertThat(o.vnc().password()).contains("s3cret");
        assertThatThrownBy(() -> BootCommand.parse(Map.of(), "--kernel", "Image", "--vnc-password-file", file.toString()))
                .hasMessageContaining("needs --vnc");
        assertThatThrownBy(() -> BootCommand.parse(Map.of(), "--kernel", "Image", "--vnc", "0.0.0.0:5901",
                "--vnc-password", "s3cret")).hasMessageContaining("unknown option --vnc-password");
    }

    @Test
    void aListenerWithThePasswordOffersOnlyVncAuthentication() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        VncOption vnc = VncOption.parse("127.0.0.1:" + port, Optional.empty(), Map.of(VncOption.PASSWORD_VARIABLE, "pw"));
        RfbServer server = new RfbServer(new FakeScreen(64, 32), InputSink.NONE);
        try (AutoCloseable listening = server.listen(vnc.address(), vnc.password(), KeyboardLayout.US);
             Socket socket = new Socket("127.0.0.1", port)) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readFully(new byte[12]);
            socket.getOutputStream().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readUnsignedByte()).as("security types offered").isEqualTo(1);
            assertThat(in.readUnsignedByte()).as("VNC authentication").isEqualTo(2);
        }
    }
}
