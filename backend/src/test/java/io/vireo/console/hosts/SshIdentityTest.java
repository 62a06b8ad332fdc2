package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vireo.console.hosts.credentials.CredentialStore;
import io.vireo.console.hosts.credentials.CredentialVault;
import io.vireo.console.hosts.credentials.RuntimeFolder;
import io.vireo.console.hosts.credentials.SealedCredential;

/**
 * The console's SSH key at rest and across restarts, with the database standing in as a map: only sealed there,
 * opened into a private runtime file while the console runs, the same key after a restart, and a console started with
 * another master key (or none) stops with why instead of making a new key.
 */
class SshIdentityTest {
    @TempDir
    Path dir;

    private final Map<String, SealedCredential> database = new ConcurrentHashMap<>();
    private final CredentialStore store = new CredentialStore() {
        @Override
        public Optional<SealedCredential> find(String name) {
            return Optional.ofNullable(database.get(name));
        }

        @Override
        public SealedCredential saveIfAbsent(SealedCredential credential) {
            return database.computeIfAbsent(credential.name(), name -> credential);
        }
    };

    /** A console run: its data dir and master key file, and a runtime folder of its own. */
    private record Run(SshIdentity ssh, RuntimeFolder runtime) {
    }

    private Run start(Path keyFile, String inlineKey) {
        RuntimeFolder runtime = new RuntimeFolder(dir.resolve("run"));
        SshIdentity ssh = new SshIdentity(dir.resolve("data"), new CredentialVault(store, inlineKey, keyFile), runtime);
        ssh.run(null);
        return new Run(ssh, runtime);
    }

    @Test
    void thePrivateKeyIsKeptOnlySealedAndOpenedIntoAPrivateFileWhileTheConsoleRuns() throws Exception {
        Path masterKey = dir.resolve("data/secrets.key");
        Run run = start(masterKey, "");
        Path keyFile = run.ssh().keyFile();
        String privateKey = Files.readString(keyFile, StandardCharsets.UTF_8);

        assertThat(privateKey).contains("OPENSSH PRIVATE KEY");
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(keyFile.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(masterKey)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(run.ssh().publicKey()).startsWith("ssh-ed25519 ").endsWith(" vireo-console");
        SealedCredential stored = database.get(SshIdentity.CREDENTIAL);
        assertThat(stored.publicPart()).isEqualTo(run.ssh().publicKey());
        String body = privateKey.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        assertThat(stored.toString()).doesNotContain("PRIVATE")
                .as("the private key's own bytes, near the end of the file").doesNotContain(secretPart(body));
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files).as("nothing of the key in the data dir but the master key").containsExactly(masterKey);
        }

        run.runtime().destroy();
        assertThat(keyFile).doesNotExist();
        assertThat(keyFile.getParent()).as("the runtime folder goes when the console stops").doesNotExist();
    }

    /** Base64 of the private key's own bytes (the start of the file is a fixed header and the public key). */
    static String secretPart(String body) {
        return body.substring(body.length() - 100, body.length() - 40);
    }

    @Test
    void theKeySurvivesARestart() throws Exception {
        Path masterKey = dir.resolve("data/secrets.key");
        Run first = start(masterKey, "");
        String publicKey = first.ssh().publicKey();
        String privateKey = Files.readString(first.ssh().keyFile());
        first.runtime().destroy();

        Run second = start(masterKey, "");
        assertThat(second.ssh().publicKey()).isEqualTo(publicKey);
        assertThat(second.ssh().keyFile()).isNotEqualTo(first.ssh().keyFile()).content().isEqualTo(privateKey);
    }

    @Test
    void aWrongOrMissingMasterKeyStopsTheStartWithWhyAndMakesNoNewKey() throws Exception {
        Path masterKey = dir.resolve("data/secrets.key");
        start(masterKey, "").ssh().keyFile();
        SealedCredential sealed = database.get(SshIdentity.CREDENTIAL);

        String otherKey = Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(() -> start(masterKey, otherKey)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not the one the host credentials in the database are sealed with ("
                        + sealed.keyId() + ")");
        Path elsewhere = dir.resolve("elsewhere/secrets.key");
        assertThatThrownBy(() -> start(elsewhere, "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the console has no master key");
        assertThat(elsewhere).as("no new key over sealed credentials").doesNotExist();
        assertThatThrownBy(() -> start(masterKey, "not a key")).hasMessageContaining("is not 32 bytes in base64");
        assertThat(database.get(SshIdentity.CREDENTIAL)).isEqualTo(sealed);
    }

    @Test
    void aKeyAnOlderConsoleLeftInPlainFilesIsSealedAndItsFilesRemoved() throws Exception {
        Path legacy = Files.createDirectories(dir.resolve("data/ssh")).resolve("vireo_ed25519");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "old",
                "-f", legacy.toString()).start();
        assertThat(keygen.waitFor()).isZero();
        String publicKey = Files.readString(legacy.resolveSibling("vireo_ed25519.pub")).strip();
        String privateKey = Files.readString(legacy);

        Run run = start(dir.resolve("data/secrets.key"), "");
        assertThat(run.ssh().publicKey()).as("hosts that trust the old key keep doing so").isEqualTo(publicKey);
        assertThat(run.ssh().keyFile()).content().isEqualTo(privateKey);
        assertThat(dir.resolve("data/ssh")).doesNotExist();
    }
}
