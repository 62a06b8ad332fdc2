package io.vireo.console.vm;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who a guest is, as its kernel command line tells it: {@code vireo.hostname=} for every VM; for a VM that boots an
 * installed system from its disk also {@code vireo.user=} (the user who created it, which the system's first boot
 * creates) and {@code vireo.ssh-key=} (their account's SSH public key, base64 so no space or quote of it splits the
 * command line). Every value is reduced to characters the command line and the guest's identity script take as they
 * are: a host name label, a Linux user name, base64.
 */
record GuestIdentity(String hostname, Optional<String> user, Optional<String> sshPublicKey) {
    private static final int MAX_USER = 32;
    /**
     * Accounts a Debian system has for itself. The first boot gives its user the SSH key and sudo, so a console user
     * named like one of these must not become that account.
     */
    private static final Set<String> SYSTEM_ACCOUNTS = Set.of("root", "daemon", "bin", "sys", "sync", "games", "man",
            "lp", "mail", "news", "uucp", "proxy", "www-data", "backup", "list", "irc", "nobody", "messagebus",
            "sshd", "polkitd", "dnsmasq", "tss");

    String commandLine() {
        StringBuilder line = new StringBuilder("vireo.hostname=").append(hostname);
        user.ifPresent(name -> line.append(" vireo.user=").append(name));
        sshPublicKey.filter(key -> user.isPresent()).ifPresent(key -> line.append(" vireo.ssh-key=")
                .append(Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8))));
        return line.toString();
    }

    /**
     * A console user name as a user name Debian's tools accept: lower case, starting with a letter or underscore,
     * then letters, digits, underscore or dash, at most 32 characters; anything else becomes an underscore. A name
     * of the system's own accounts ({@code root}, {@code sshd}, {@code systemd-*}, {@code _apt}…) gets a {@code u}
     * in front, as does one that does not start with a letter.
     */
    static String linuxUserName(String username) {
        String name = username.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0)) || SYSTEM_ACCOUNTS.contains(name)
                || name.startsWith("systemd-")) {
            name = "u" + name;
        }
        return name.length() > MAX_USER ? name.substring(0, MAX_USER) : name;
    }
}
