package io.vireo.console.hosts.libvirt;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A VM's domain is named {@code vireo-<vm id>}: unique on the host, fixed for the VM's life, and free of anything a
 * user typed (the VM's own name is the domain's title). Domains named otherwise are not the console's.
 */
final class DomainNames {
    private static final Pattern NAME = Pattern.compile("vireo-([1-9][0-9]{0,17})");

    private DomainNames() {
    }

    static String of(Long vmId) {
        return "vireo-" + vmId;
    }

    static Optional<Long> vmId(String domainName) {
        var matcher = NAME.matcher(domainName);
        return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }
}
