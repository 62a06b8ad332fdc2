package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vireo.console.hosts.SshTarget;

/**
 * The route to a {@code qemu+ssh} host's loopback displays: one {@code ssh -W 127.0.0.1:<port>} child per viewer, run
 * from an argument list (no shell), with the console's key, in batch mode (it never prompts), checking the host's key
 * against the host's own known_hosts file only and reading no ssh configuration. The child's stdin and stdout carry the
 * display's bytes; it is ended with the viewer's session.
 */
public final class SshTunnel implements VncRoute {
    private static final Logger log = LoggerFactory.getLogger(SshTunnel.class);
    private static final long STOP_SECONDS = 5;

    private final SshTarget target;
    private final Supplier<Path> keyFile;
    private final Path knownHosts;

    /**
     * @param keyFile    the console's private key, made on first use
     * @param knownHosts the host's known_hosts file: its key as the console recorded it
     */
    public SshTunnel(SshTarget target, Supplier<Path> keyFile, Path knownHosts) {
        if (knownHosts.toString().contains("\"")) {
            throw new IllegalArgumentException("ssh cannot be given a file whose path holds a double quote: "
                    + knownHosts);
        }
        this.target = target;
        this.keyFile = keyFile;
        this.knownHosts = knownHosts;
    }

    /** ssh's whole argument list for the display at {@code port}. */
    List<String> command(int port) {
        List<String> command = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\"" + knownHosts.toAbsolutePath() + "\"",
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10",
                "-o", "ServerAliveInterval=15", "-o", "ExitOnForwardFailure=yes",
                "-i", keyFile.get().toAbsolutePath().toString(), "-W", "127.0.0.1:" + port));
        command.addAll(target.destination());
        return command;
    }

    @Override
    public Channel open(int port) throws IOException {
        Process ssh = new ProcessBuilder(command(port)).start();
        Thread.ofVirtual().name("ssh-tunnel-" + ssh.pid()).start(() -> logErrors(ssh));
        return new Channel() {
            @Override
            public InputStream input() {
                return ssh.getInputStream();
            }

            @Override
            public OutputStream output() {
                return ssh.getOutputStream();
            }

            @Override
            public void endOutput() throws IOException {
                ssh.getOutputStream().close();
            }

            @Override
            public void close() {
                stop(ssh);
            }
        };
    }

    /** What ssh says on stderr (a host key that does not match, a refused login) goes to the console's log. */
    private void logErrors(Process ssh) {
        try (InputStream errors = ssh.getErrorStream()) {
            String said = new String(errors.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!said.isEmpty()) {
                log.warn("The display tunnel to {} said: {}", target.knownHostsName(), said);
            }
        } catch (IOException e) {
            log.debug("The display tunnel to {} ended", target.knownHostsName(), e);
        }
    }

    private static void stop(Process ssh) {
        ssh.destroy();
        try {
            if (!ssh.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                ssh.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            ssh.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
