package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.vireo.console.hosts.LoopbackSshd;
import io.vireo.console.hosts.SshTarget;

/**
 * The display tunnel to a {@code qemu+ssh} host, through the loopback sshd to a stand-in display on this machine's
 * loopback: bytes pass both ways while the host presents the pinned key; a host presenting another key is refused.
 */
@ExtendWith(LoopbackSshd.class)
class SshTunnelTest {

    @Test
    void bytesPassBothWaysAndTheChildEndsWithTheChannel(@TempDir Path dir) throws Exception {
        Path key = authorizedKey(dir);
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), scan(LoopbackSshd.sshTarget()));
        try (ServerSocket display = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = Thread.ofVirtual().start(() -> {
                try (Socket viewer = display.accept()) {
                    viewer.getOutputStream().write("HELLO\n".getBytes(StandardCharsets.US_ASCII));
                    viewer.getInputStream().transferTo(viewer.getOutputStream());
                } catch (IOException e) {
                    // the test ends the tunnel
                }
            });
            VncRoute.Channel channel = new SshTunnel(LoopbackSshd.sshTarget(), () -> key, knownHosts)
                    .open(display.getLocalPort());
            InputStream in = channel.input();
            assertThat(new String(in.readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("HELLO\n");
            channel.output().write("ping".getBytes(StandardCharsets.US_ASCII));
            channel.output().flush();
            assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
            channel.close();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tunnels().isEmpty());
            echo.join(Duration.ofSeconds(30));
        }
    }

    @Test
    void aViewersSessionIsRelayedThroughTheTunnel(@TempDir Path dir) throws Exception {
        Path key = authorizedKey(dir);
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), scan(LoopbackSshd.sshTarget()));
        try (ServerSocket display = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket viewer = display.accept()) {
                    viewer.getOutputStream().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] version = viewer.getInputStream().readNBytes(12);
                    viewer.getOutputStream().write(("got " + new String(version, StandardCharsets.US_ASCII))
                            .getBytes(StandardCharsets.US_ASCII));
                    viewer.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // the test ends the tunnel
                }
            });
            PipedViewer viewer = new PipedViewer();
            VncProxy session = VncProxy.open(new SshTunnel(LoopbackSshd.sshTarget(), () -> key, knownHosts),
                    display.getLocalPort(), viewer.in(), viewer.out(), false);
            Thread relay = PipedViewer.relay(session);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> viewer.received().length >= 12);
            viewer.type("RFB 003.008\n");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> viewer.text().contains("got RFB"));
            session.close();
            viewer.close();
            relay.join(Duration.ofSeconds(30));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tunnels().isEmpty());
        }
    }

    @Test
    void aHostPresentingAnotherKeyIsRefused(@TempDir Path dir) throws Exception {
        Path key = authorizedKey(dir);
        Path other = keygen(dir, "other");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), LoopbackSshd.sshTarget().knownHostsName() + " "
                + Files.readString(other.resolveSibling("other.pub")).strip() + "\n");
        try (ServerSocket display = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            VncRoute.Channel channel = new SshTunnel(LoopbackSshd.sshTarget(), () -> key, knownHosts)
                    .open(display.getLocalPort());
            assertThat(channel.input().read()).as("the tunnel ends at once").isEqualTo(-1);
            channel.close();
        }
    }

    private static List<ProcessHandle> tunnels() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("-W")).orElse(false)).toList();
    }

    private static Path authorizedKey(Path dir) throws Exception {
        Path key = keygen(dir, "console");
        Files.writeString(LoopbackSshd.authorizedKeys(), Files.readString(key.resolveSibling("console.pub")),
                StandardOpenOption.APPEND);
        return key;
    }

    private static Path keygen(Path dir, String name) throws Exception {
        Path key = dir.resolve(name);
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        keygen.getInputStream().readAllBytes();
        assertThat(keygen.waitFor()).isZero();
        return key;
    }

    private static String scan(SshTarget target) throws Exception {
        Process scan = new ProcessBuilder("ssh-keyscan", "-p", Integer.toString(target.port()), target.host()).start();
        String found = new String(scan.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(scan.waitFor()).isZero();
        return found;
    }
}
