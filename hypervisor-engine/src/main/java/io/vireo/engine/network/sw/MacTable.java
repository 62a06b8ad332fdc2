package io.vireo.engine.network.sw;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each source address was last seen, per VLAN, forgotten after the aging time. Bounded: a full table
 * learns nothing new (those frames are flooded) until a sweep, at most once a second, makes room. Only
 * trusted ports can fill it: every other port sends from one address.
 */
final class MacTable {
    private static final long SWEEP_INTERVAL_MILLIS = 1000;

    /** One learned address; its port never changes, its time is refreshed in place by each frame. */
    private static final class Entry {
        final Port port;
        volatile long lastSeen;

        Entry(Port port, long lastSeen) {
            this.port = port;
            this.lastSeen = lastSeen;
        }
    }

    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    private final long agingMillis;
    private final int capacity;
    private volatile long lastSweep = Long.MIN_VALUE / 2;

    MacTable(long agingMillis, int capacity) {
        this.agingMillis = agingMillis;
        this.capacity = capacity;
    }

    void learn(int vlan, long mac, Port port, long now) {
        Long key = key(vlan, mac);
        Entry entry = entries.get(key);
        if (entry != null && entry.port == port) {
            entry.lastSeen = now;
            return;
        }
        if (entry == null && entries.size() >= capacity) {
            sweep(now);
            if (entries.size() >= capacity) {
                return;
            }
        }
        entries.put(key, new Entry(port, now));
    }

    /** The port the address was last seen on, or null when unknown or aged out. */
    Port lookup(int vlan, long mac, long now) {
        Long key = key(vlan, mac);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (now - entry.lastSeen >= agingMillis) {
            entries.remove(key, entry);
            return null;
        }
        return entry.port;
    }

    void forget(Port port) {
        entries.values().removeIf(entry -> entry.port == port);
    }

    int size() {
        return entries.size();
    }

    private void sweep(long now) {
        if (now - lastSweep < SWEEP_INTERVAL_MILLIS) {
            return;
        }
        lastSweep = now;
        entries.values().removeIf(entry -> now - entry.lastSeen >= agingMillis);
    }

    private static Long key(int vlan, long mac) {
        return (long) vlan << 48 | mac;
    }
}
