package io.vireo.engine.devices.virtio.net;

import io.vireo.engine.network.PortCounters;

import java.util.concurrent.atomic.LongAdder;

/** A NIC's running totals, bumped from the harts and the network's thread at once. */
final class NicCounters {
    private final LongAdder rxFrames = new LongAdder(), rxBytes = new LongAdder();
    private final LongAdder txFrames = new LongAdder(), txBytes = new LongAdder();
    private final LongAdder drops = new LongAdder();

    void received(int bytes) {
        rxFrames.increment();
        rxBytes.add(bytes);
    }

    void sent(int bytes) {
        txFrames.increment();
        txBytes.add(bytes);
    }

    void dropped() {
        drops.increment();
    }

    void dropped(int frames) {
        drops.add(frames);
    }

    PortCounters snapshot() {
        return new PortCounters(rxFrames.sum(), rxBytes.sum(), txFrames.sum(), txBytes.sum(), drops.sum());
    }
}
