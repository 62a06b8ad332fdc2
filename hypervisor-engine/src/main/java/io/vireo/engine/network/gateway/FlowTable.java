package io.vireo.engine.network.gateway;

import io.vireo.engine.network.MacAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A translator's flows by key, counted per guest NIC so one guest's flows are capped apart from the
 * network's total, and the flows refused for want of room (or by the network's mode).
 */
final class FlowTable<F> {
    private final int perGuestLimit;
    private final int totalLimit;
    private final Map<FlowKey, F> flows = new HashMap<>();
    private final Map<MacAddress, Integer> perGuest = new HashMap<>();
    private long refused;

    FlowTable(int perGuestLimit, int totalLimit) {
        this.perGuestLimit = perGuestLimit;
        this.totalLimit = totalLimit;
    }

    F get(FlowKey key) {
        return flows.get(key);
    }

    /** Whether a new flow for this guest would pass its limit or the network's. */
    boolean full(MacAddress guest) {
        return flows.size() >= totalLimit || perGuest.getOrDefault(guest, 0) >= perGuestLimit;
    }

    void add(FlowKey key, F flow) {
        if (flows.put(key, flow) == null) {
            perGuest.merge(key.guestMac(), 1, Integer::sum);
        }
    }

    /** Removes the flow if it is still the one held under its key. */
    boolean remove(FlowKey key, F flow) {
        if (!flows.remove(key, flow)) {
            return false;
        }
        perGuest.computeIfPresent(key.guestMac(), (mac, count) -> count > 1 ? count - 1 : null);
        return true;
    }

    /** The flows now, safe to walk while flows close and leave the table. */
    List<F> snapshot() {
        return List.copyOf(flows.values());
    }

    void refuse() {
        refused++;
    }

    int size() {
        return flows.size();
    }

    long refused() {
        return refused;
    }
}
