package io.vireo.console.engine;

import java.util.Optional;

/**
 * A powered-on VM's network card as the engine sees it: its link, the address its network's DHCP server leased
 * it (empty until the guest asked), and what went through it since power-on, seen from the guest.
 */
public record NicStatus(String mac, boolean linkUp, Optional<String> address, long rxFrames, long rxBytes,
        long txFrames, long txBytes, long drops) {
}
