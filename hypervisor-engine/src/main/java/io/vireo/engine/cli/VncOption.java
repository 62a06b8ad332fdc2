package io.vireo.engine.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --vnc host:port} with its password: from {@code --vnc-password-file FILE} (its first line) or
 * the environment variable {@value #PASSWORD_VARIABLE}, never from the command line, which any user
 * of the host can read. Without a password the listener must be on a loopback address; with one,
 * clients use VNC authentication (a DES challenge, of which only the first 8 characters count).
 */
record VncOption(InetSocketAddress address, Optional<String> password) {
    static final String PASSWORD_VARIABLE = "VIREO_VNC_PASSWORD";

    /** @param passwordFile the value of {@code --vnc-password-file}, if given */
    static VncOption parse(String value, Optional<Path> passwordFile, Map<String, String> environment) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--vnc wants host:port, e.g. 127.0.0.1:5901");
        }
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--vnc " + value + ": " + e.getMessage());
        }
        if (address.getAddress() == null) {
            throw new IllegalArgumentException("--vnc " + value + ": unknown host");
        }
        Optional<String> password = passwordFile.isPresent() ? Optional.of(readFirstLine(passwordFile.get()))
                : Optional.ofNullable(environment.get(PASSWORD_VARIABLE));
        if (password.isPresent() && password.get().isEmpty()) {
            throw new IllegalArgumentException("the VNC password is empty");
        }
        if (password.isEmpty() && !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("--vnc " + value + " is not a loopback address: it needs a password, "
                    + "from --vnc-password-file FILE or the environment variable " + PASSWORD_VARIABLE);
        }
        return new VncOption(address, password);
    }

    private static String readFirstLine(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new IllegalArgumentException("--vnc-password-file " + file + ": " + e.getMessage());
        }
    }
}
