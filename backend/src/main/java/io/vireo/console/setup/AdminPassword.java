package io.vireo.console.setup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The password the first administrator starts with: generated (and printed once), or read from the file that
 * {@code VIREO_ADMIN_PASSWORD_FILE} names, such as a container secret, so that nobody has to fish it out of a
 * log. A file that cannot be read, or holds a password the console would refuse on a password change, stops
 * the start rather than leave an administrator nobody knows the password of.
 *
 * @param file where it was read from; empty when it was generated
 */
record AdminPassword(String value, Optional<Path> file) {
    static final String FILE_VARIABLE = "VIREO_ADMIN_PASSWORD_FILE";
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int GENERATED_LENGTH = 20;
    // the bounds a password change enforces (UserRequest, PasswordChange)
    private static final int MIN_LENGTH = 12;
    private static final int MAX_LENGTH = 128;

    /** From the file when {@code fileSetting} names one, else a new random password. */
    static AdminPassword choose(String fileSetting) {
        return fileSetting == null || fileSetting.isBlank() ? generated() : readFrom(Path.of(fileSetting.strip()));
    }

    static AdminPassword generated() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new AdminPassword(password.toString(), Optional.empty());
    }

    /** The file's text without the line ending that {@code echo} or an editor leaves after it. */
    static AdminPassword readFrom(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(FILE_VARIABLE + ": cannot read " + file + " (" + e + ")", e);
        }
        String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH || password.isBlank()) {
            throw new IllegalStateException(FILE_VARIABLE + ": the password in " + file + " must have " + MIN_LENGTH
                    + " to " + MAX_LENGTH + " characters, as any password of the console");
        }
        return new AdminPassword(password, Optional.of(file));
    }
}
