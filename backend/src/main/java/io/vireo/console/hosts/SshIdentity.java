package io.vireo.console.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The console's own SSH key for {@code qemu+ssh} hosts: made once with {@code ssh-keygen} (which libvirt's ssh
 * transport needs anyway) in {@code <data-dir>/ssh}, a folder only the console's user may enter. Its public half is
 * shown to administrators to put in a host's {@code authorized_keys}; the private half never leaves the folder. It
 * stays a plain file because libvirt hands its path to {@code ssh -i}.
 */
@Component
public class SshIdentity {
    private final Path folder;

    SshIdentity(@Value("${vireo.data-dir}") Path dataDir) {
        this.folder = dataDir.resolve("ssh");
    }

    /** The private key's file, made on first use. */
    public synchronized Path keyFile() {
        Path key = folder.resolve("vireo_ed25519");
        if (!Files.exists(key)) {
            generate(key);
        }
        return key;
    }

    /** The line to add to a host's {@code authorized_keys}. */
    public String publicKey() {
        Path key = keyFile();
        try {
            return Files.readString(key.resolveSibling(key.getFileName() + ".pub"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void generate(Path key) {
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "vireo-console",
                    "-f", key.toString()).redirectErrorStream(true).start();
            String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keygen.waitFor(30, TimeUnit.SECONDS) || keygen.exitValue() != 0) {
                throw new IllegalStateException("ssh-keygen could not make the console's SSH key: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("ssh-keygen could not run (Debian package openssh-client): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the console's SSH key", e);
        }
    }
}
