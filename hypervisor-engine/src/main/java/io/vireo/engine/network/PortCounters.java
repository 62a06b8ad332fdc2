package io.vireo.engine.network;

/**
 * What went through one switch port or NIC, seen from the guest: frames and bytes it received and sent, and
 * frames dropped (malformed, oversized, spoofed, over the rate limit or with no room to take them).
 */
public record PortCounters(long rxFrames, long rxBytes, long txFrames, long txBytes, long drops) {
    public static final PortCounters NONE = new PortCounters(0, 0, 0, 0, 0);
}
