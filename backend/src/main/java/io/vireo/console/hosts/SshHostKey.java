package io.vireo.console.hosts;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A host's SSH key as a known_hosts line holds it, {@code <type> <base64>}: what the console trusts a
 * {@code qemu+ssh} host to be. Only the key types OpenSSH offers by default pass, in strict base64, so what a host sent
 * ssh-keyscan cannot add anything to the known_hosts file it is written to.
 */
public record SshHostKey(String type, String key) {
    private static final Pattern TYPE = Pattern.compile("ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{16,8192}={0,2}");

    public SshHostKey {
        if (!TYPE.matcher(type).matches() || !BASE64.matcher(key).matches()) {
            throw new IllegalArgumentException("not an SSH host key: " + type);
        }
    }

    /** A key as stored ({@code <type> <base64>}, anything after ignored); empty when it is not one. */
    public static Optional<SshHostKey> parse(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String[] parts = line.strip().split("\\s+");
        try {
            return parts.length < 2 ? Optional.empty() : Optional.of(new SshHostKey(parts[0], parts[1]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** As {@code ssh-keygen -l} and ssh's own prompts show it: {@code SHA256:} and the unpadded base64 digest. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Its line in a known_hosts file for {@code target}. */
    String knownHostsLine(SshTarget target) {
        return target.knownHostsName() + " " + this + "\n";
    }

    @Override
    public String toString() {
        return type + " " + key;
    }
}
