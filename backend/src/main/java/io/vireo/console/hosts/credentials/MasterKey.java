package io.vireo.console.hosts.credentials;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that seals host credentials: 32 random bytes in base64, given inline ({@code VIREO_SECRETS_KEY}) or in a
 * file only the console's user may read. Sealing is AES-256-GCM with a fresh 12-byte nonce, the credential's name as
 * associated data (a sealed value moved to another name does not open), stored as base64 of nonce and ciphertext.
 * Its {@link #id} (the start of the key's SHA-256) is kept beside each sealed value to tell a wrong key from damage.
 */
public final class MasterKey {
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String id;
    private final String origin;

    private MasterKey(byte[] key, String origin) {
        this.key = new SecretKeySpec(key, "AES");
        this.origin = origin;
        try {
            this.id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** The key given inline (base64), else the one in {@code file}; empty when neither is there. */
    static Optional<MasterKey> existing(Optional<String> inline, Path file) {
        if (inline.isPresent()) {
            return Optional.of(decode(inline.get(), "VIREO_SECRETS_KEY (vireo.secrets.key)"));
        }
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the master key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new key written to {@code file} (0600, its folder made when missing). Another console making one at the same
     * moment wins: the file is linked into place only when absent, and then read back.
     */
    static MasterKey create(Path file) {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path draft = Files.createTempFile(folder, ".secrets-", ".key",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(draft, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
                placeUnlessPresent(draft, file);
            } catch (FileAlreadyExistsException raced) {
                return existing(Optional.empty(), file).orElseThrow();
            } finally {
                Files.deleteIfExists(draft);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the master key " + file + ": " + e.getMessage(), e);
        }
        return new MasterKey(key, file.toString());
    }

    /** A hard link fails when the file exists; a file system without links gets a move, which refuses one too. */
    private static void placeUnlessPresent(Path draft, Path file) throws IOException {
        try {
            Files.createLink(file, draft);
        } catch (FileAlreadyExistsException raced) {
            throw raced;
        } catch (IOException | UnsupportedOperationException noLinks) {
            Files.move(draft, file);
        }
    }

    private static MasterKey decode(String text, String origin) {
        try {
            byte[] key = Base64.getDecoder().decode(text.strip());
            if (key.length == KEY_BYTES) {
                return new MasterKey(key, origin);
            }
        } catch (IllegalArgumentException notBase64) {
            // told below, like a key of the wrong length
        }
        throw new IllegalStateException("The master key in " + origin + " is not " + KEY_BYTES
                + " bytes in base64 (make one with: head -c 32 /dev/urandom | base64)");
    }

    /** Which key this is, without telling anything of it. */
    public String id() {
        return id;
    }

    /** Where the key came from, for errors. */
    String origin() {
        return origin;
    }

    String seal(byte[] plain, String name) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, name);
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /** The plain value; an {@link AEADBadTagException} when this key did not seal it or it was altered. */
    byte[] open(String sealed, String name) throws AEADBadTagException {
        byte[] all = Base64.getDecoder().decode(sealed);
        if (all.length < NONCE_BYTES) {
            throw new AEADBadTagException("too short");
        }
        try {
            byte[] nonce = Arrays.copyOf(all, NONCE_BYTES);
            return cipher(Cipher.DECRYPT_MODE, nonce, name).doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String name) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
