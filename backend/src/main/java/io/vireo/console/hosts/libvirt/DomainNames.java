package io.vireo.console.hosts.libvirt;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How one console names its VMs' domains: {@code vireo-<installation>-<vm id>}, fixed for the VM's life, free of
 * anything a user typed (the VM's own name is the domain's title), and unique on the host even when several
 * consoles drive it, since {@code <installation>} is the console's own tag ({@code io.vireo.console.hosts.Installation});
 * without it, two consoles (or one reinstalled with a new database, whose VM ids start again at 1) would take each
 * other's domains for their own VMs. Domains named otherwise are not this console's.
 */
public final class DomainNames {
    private static final Pattern TAG = Pattern.compile("[0-9a-f]{8}");

    private final String prefix;
    private final Pattern name;

    /** {@code installation}: 8 lower-case hex digits. */
    public DomainNames(String installation) {
        if (!TAG.matcher(installation).matches()) {
            throw new IllegalArgumentException("an installation tag is 8 lower-case hex digits, not " + installation);
        }
        this.prefix = "vireo-" + installation + "-";
        this.name = Pattern.compile(Pattern.quote(prefix) + "([1-9][0-9]{0,17})");
    }

    public String of(Long vmId) {
        return prefix + vmId;
    }

    /** The console's VM a domain is, by its name; empty for any other domain. */
    Optional<Long> vmId(String domainName) {
        var matcher = name.matcher(domainName);
        return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }
}
