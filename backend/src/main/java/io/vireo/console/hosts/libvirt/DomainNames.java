package io.vireo.console.hosts.libvirt;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A VM's domain is named {@code vireo-<console>-<vm id>}: fixed for the VM's life, free of anything a user typed (the
 * VM's own name is the domain's title), and unique on the host even when several consoles drive it, since
 * {@code <console>} is the console's installation tag ({@link io.vireo.console.hosts.Installation}); without it, two
 * consoles (or one reinstalled with a new database, whose VM ids start again at 1) would take each other's domains
 * for their own VMs. Domains named otherwise are not this console's. The tag is the console process's, set once at
 * start-up before any driver names a domain, so the names are a plain function of the VM id everywhere.
 */
public final class DomainNames {
    private static final Pattern TAG = Pattern.compile("[0-9a-f]{8}");
    private static volatile String installation = "00000000";

    private DomainNames() {
    }

    /** This console's installation tag: 8 lower-case hex digits. */
    public static void useInstallation(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("an installation tag is 8 lower-case hex digits, not " + tag);
        }
        installation = tag;
    }

    public static String of(Long vmId) {
        return "vireo-" + installation + "-" + vmId;
    }

    static Optional<Long> vmId(String domainName) {
        var matcher = Pattern.compile("vireo-" + installation + "-([1-9][0-9]{0,17})").matcher(domainName);
        return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }
}
