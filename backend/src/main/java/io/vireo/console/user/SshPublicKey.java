package io.vireo.console.user;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

import io.vireo.console.domain.InvalidFieldException;

/**
 * An SSH public key as one authorized_keys line: a known key type, its base64 key blob (which names the same type,
 * as OpenSSH writes it) and an optional comment. Options ({@code command=}, {@code from=}…) are refused: the key
 * reaches the guest's authorized_keys, and an option would change what logging in with it does there.
 */
final class SshPublicKey {
    static final int MAX_LENGTH = 8192;
    private static final Set<String> TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");
    private static final Pattern COMMENT = Pattern.compile("[\\x21-\\x7e]+( [\\x21-\\x7e]+)*");

    private SshPublicKey() {
    }

    /**
     * The line with its fields separated by single spaces; blank is no key (empty).
     *
     * @throws InvalidFieldException on the field {@code field}, saying what is wrong
     */
    static String checked(String field, String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        String trimmed = line.strip();
        if (trimmed.length() > MAX_LENGTH || trimmed.contains("\n") || trimmed.contains("\r")) {
            throw new InvalidFieldException(field, "One line of at most " + MAX_LENGTH + " characters, as in"
                    + " ~/.ssh/id_ed25519.pub");
        }
        String[] parts = trimmed.split("[ \\t]+", 3);
        if (!TYPES.contains(parts[0])) {
            throw new InvalidFieldException(field, "Not a public key line: it starts with its type, one of "
                    + String.join(", ", TYPES.stream().sorted().toList()) + " (options are not accepted)");
        }
        if (parts.length < 2 || !namesType(parts[1], parts[0])) {
            throw new InvalidFieldException(field, "The key after " + parts[0] + " is not a base64 " + parts[0]
                    + " key");
        }
        if (parts.length == 3 && !COMMENT.matcher(parts[2]).matches()) {
            throw new InvalidFieldException(field, "The comment after the key may hold printable ASCII only");
        }
        return String.join(" ", parts);
    }

    /** The decoded blob starts with the key type as a length-prefixed string, as every OpenSSH public key does. */
    private static boolean namesType(String base64, String type) {
        try {
            ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
            int length = blob.getInt();
            if (length != type.length() || blob.remaining() <= length) {
                return false;
            }
            byte[] name = new byte[length];
            blob.get(name);
            return new String(name, StandardCharsets.US_ASCII).equals(type);
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            return false;
        }
    }
}
