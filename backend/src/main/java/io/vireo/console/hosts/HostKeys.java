package io.vireo.console.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.vireo.console.domain.ConflictException;

/**
 * The SSH host keys the console trusts: a {@code qemu+ssh} host's key is fetched with {@code ssh-keyscan} when an
 * administrator adds the host (or trusts its key again), recorded with the host, and written to a known_hosts file of
 * that host alone in {@code <data-dir>/ssh-hosts}. Every ssh the console makes to the host (libvirt's connection, the
 * display tunnel) checks the host against exactly that file, so a host whose key changed is refused, not trusted anew.
 * libvirt's ssh transport takes no ssh options, only the ssh program to run: it is given a program of the host's own
 * that runs ssh with these options, written here from the console's paths alone.
 */
@Component
class HostKeys {
    /** The key types asked for, the first a host offers taken: ssh's own order of preference. */
    private static final List<String> PREFERRED = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "ssh-rsa");
    private static final int TIMEOUT_SECONDS = 10;

    /** How long what a host presented is remembered: the hosts page asks on every view. */
    private static final Duration CHECKED_FOR = Duration.ofSeconds(30);

    private final Path folder;
    private final Map<Long, Checked> checked = new ConcurrentHashMap<>();

    private record Checked(Instant at, Optional<SshHostKey> presented) {
    }

    HostKeys(@Value("${vireo.data-dir}") Path dataDir) {
        this.folder = dataDir.resolve("ssh-hosts");
    }

    /** The key the host presents now; refused with why when it answers with none. */
    SshHostKey fetch(SshTarget target) {
        List<String> command = new ArrayList<>(List.of("ssh-keyscan", "-T", Integer.toString(TIMEOUT_SECONDS), "-t",
                "ed25519,ecdsa,rsa", "-p", Integer.toString(target.port()), target.host()));
        String output;
        String errors;
        try {
            Process scan = new ProcessBuilder(command).start();
            scan.getOutputStream().close();
            output = new String(scan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            errors = new String(scan.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!scan.waitFor(TIMEOUT_SECONDS * 3, TimeUnit.SECONDS)) {
                scan.destroyForcibly();
            }
        } catch (IOException e) {
            throw new ConflictException("No SSH host key", "ssh-keyscan could not run (Debian package openssh-client): "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("No SSH host key", "interrupted while fetching the host key of "
                    + target.host());
        }
        List<SshHostKey> offered = output.lines().filter(line -> !line.startsWith("#"))
                .map(line -> line.strip().split("\\s+", 2)).filter(parts -> parts.length == 2)
                .map(parts -> SshHostKey.parse(parts[1])).flatMap(Optional::stream).toList();
        return PREFERRED.stream().flatMap(type -> offered.stream().filter(key -> key.type().equals(type))).findFirst()
                .orElseThrow(() -> new ConflictException("No SSH host key", "Host " + target.knownHostsName()
                        + " presented no SSH host key" + (errors.isEmpty() ? "" : " (" + errors.lines()
                        .reduce((first, second) -> second).orElse("") + ")")));
    }

    /**
     * The key an unreachable host presents now when it is not the {@code trusted} one (checked at most every
     * {@link #CHECKED_FOR}); empty when it presents that key or none.
     */
    Optional<SshHostKey> otherThan(Long hostId, SshTarget target, SshHostKey trusted) {
        Checked last = checked.get(hostId);
        if (last == null || last.at().isBefore(Instant.now().minus(CHECKED_FOR))) {
            Optional<SshHostKey> presented;
            try {
                presented = Optional.of(fetch(target));
            } catch (ConflictException unanswered) {
                presented = Optional.empty();
            }
            last = new Checked(Instant.now(), presented);
            checked.put(hostId, last);
        }
        return last.presented().filter(key -> !key.equals(trusted));
    }

    /**
     * Writes the known_hosts file of host {@code hostId}: its recorded key, or nothing when none is (then every ssh
     * to it is refused) and answers its path.
     */
    Path knownHosts(Long hostId, SshTarget target, Optional<SshHostKey> key) {
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            Path file = folder.resolve("host-" + hostId);
            Path written = Files.writeString(folder.resolve("host-" + hostId + ".new"),
                    key.map(k -> k.knownHostsLine(target)).orElse(""), StandardCharsets.US_ASCII);
            return Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the known_hosts file of host " + hostId, e);
        }
    }

    /**
     * Writes the ssh program libvirt runs for host {@code hostId} (its {@code command=}): ssh reading no configuration,
     * never prompting, and checking the host against {@code knownHosts} only; libvirt adds where and as whom.
     */
    Path sshCommand(Long hostId, Path knownHosts) {
        String file = knownHosts.toAbsolutePath().toString();
        if (file.contains("'") || file.contains("\"")) {
            throw new IllegalStateException("the data folder's path holds a quote, which ssh options cannot carry: "
                    + file);
        }
        try {
            Path command = folder.resolve("ssh-" + hostId);
            Path written = Files.writeString(folder.resolve("ssh-" + hostId + ".new"), "#!/bin/sh\n"
                    + "exec ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes"
                    + " -o GlobalKnownHostsFile=/dev/null -o 'UserKnownHostsFile=\"" + file + "\"' \"$@\"\n",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rwx------"));
            return Files.move(written, command, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the ssh program of host " + hostId, e);
        }
    }

    /** Drops the files of a removed host. */
    void forget(Long hostId) {
        checked.remove(hostId);
        try {
            Files.deleteIfExists(folder.resolve("ssh-" + hostId));
            Files.deleteIfExists(folder.resolve("host-" + hostId));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the known_hosts file of host " + hostId, e);
        }
    }
}
