package io.vireo.console.vm;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Who a guest is, as its kernel command line tells it: {@code vireo.hostname=} for every VM; for a VM that boots an
 * installed system from its disk also {@code vireo.user=} (the user who created it, which the system's first boot
 * creates) and {@code vireo.ssh-key=} (their account's SSH public key, base64 so no space or quote of it splits the
 * command line). Every value is reduced to characters the command line and the guest's identity script take as they
 * are: a host name label, a Linux user name, base64.
 */
record GuestIdentity(String hostname, Optional<String> user, Optional<String> sshPublicKey) {
    private static final int MAX_USER = 32;

    String commandLine() {
        StringBuilder line = new StringBuilder("vireo.hostname=").append(hostname);
        user.ifPresent(name -> line.append(" vireo.user=").append(name));
        sshPublicKey.filter(key -> user.isPresent()).ifPresent(key -> line.append(" vireo.ssh-key=")
                .append(Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8))));
        return line.toString();
    }

    /**
     * A console user name as a user name Debian's tools accept: lower case, starting with a letter or underscore,
     * then letters, digits, underscore or dash, at most 32 characters; anything else becomes an underscore.
     */
    static String linuxUserName(String username) {
        String name = username.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            name = "u" + name;
        }
        return name.length() > MAX_USER ? name.substring(0, MAX_USER) : name;
    }
}
