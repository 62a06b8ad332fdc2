package io.vireo.console.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.vireo.console.hosts.credentials.CredentialVault;
import io.vireo.console.hosts.credentials.RuntimeFolder;

/**
 * The console's own SSH key for {@code qemu+ssh} hosts, made once with {@code ssh-keygen}. Its private half is kept
 * only sealed ({@link CredentialVault}); libvirt hands a file's path to {@code ssh -i}, so it is opened into the run's
 * private {@link RuntimeFolder} (0600 in 0700), which goes when the console stops. Its public half is shown to
 * administrators to put in a host's {@code authorized_keys}; the private half is never shown. A key an older console
 * left in plain {@code <data-dir>/ssh} is sealed and its files removed, so hosts that trust it keep doing so.
 */
@Component
@Order(150)
public class SshIdentity implements ApplicationRunner {
    static final String CREDENTIAL = "console-ssh-ed25519";
    private static final String FILE = "vireo_ed25519";

    private final Path legacyFolder;
    private final CredentialVault vault;
    private final RuntimeFolder runtime;
    private Path keyFile;

    SshIdentity(@Value("${vireo.data-dir}") Path dataDir, CredentialVault vault, RuntimeFolder runtime) {
        this.legacyFolder = dataDir.resolve("ssh");
        this.vault = vault;
        this.runtime = runtime;
    }

    /** A key kept already is opened at start-up, so a missing or wrong master key stops the console with why. */
    @Override
    public void run(ApplicationArguments args) {
        if (vault.publicPart(CREDENTIAL).isPresent() || Files.exists(legacyFolder.resolve(FILE))) {
            keyFile();
        }
    }

    /** The private key's file for this run, the key made on first use. */
    public synchronized Path keyFile() {
        if (keyFile == null || !Files.exists(keyFile)) {
            keyFile = runtime.write(FILE, vault.open(CREDENTIAL).orElseGet(this::importOrMake));
        }
        return keyFile;
    }

    /** The line to add to a host's {@code authorized_keys}. */
    public String publicKey() {
        return vault.publicPart(CREDENTIAL).orElseGet(() -> {
            keyFile();
            return vault.publicPart(CREDENTIAL).orElseThrow();
        });
    }

    /** Seals the key an older console left in plain files, or a new one; answers the private key kept. */
    private byte[] importOrMake() {
        Path legacy = legacyFolder.resolve(FILE);
        if (Files.exists(legacy)) {
            byte[] kept = seal(legacy);
            try {
                Files.deleteIfExists(legacy);
                Files.deleteIfExists(publicFile(legacy));
                Files.deleteIfExists(legacyFolder);
            } catch (IOException e) {
                throw new UncheckedIOException("Sealed the console's SSH key but could not remove its plain files in "
                        + legacyFolder, e);
            }
            return kept;
        }
        Path fresh = runtime.folder().resolve(FILE + ".new");
        try {
            generate(fresh);
            return seal(fresh);
        } finally {
            try {
                Files.deleteIfExists(fresh);
                Files.deleteIfExists(publicFile(fresh));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private byte[] seal(Path privateKey) {
        try {
            String publicKey = Files.readString(publicFile(privateKey), StandardCharsets.UTF_8).strip();
            return vault.sealIfAbsent(CREDENTIAL, publicKey, Files.readAllBytes(privateKey));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the console's SSH key " + privateKey, e);
        }
    }

    private static Path publicFile(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    private static void generate(Path key) {
        try {
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
