package io.vireo.engine.network.sw;

import io.vireo.engine.network.PortCounters;
import java.util.concurrent.atomic.AtomicLong;

/** A port's running counts, bumped by whichever thread moves a frame, read as a {@link PortCounters} snapshot. */
final class TrafficCounters {
    private final AtomicLong rxFrames = new AtomicLong();
    private final AtomicLong rxBytes = new AtomicLong();
    private final AtomicLong txFrames = new AtomicLong();
    private final AtomicLong txBytes = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();

    /** A frame the switch delivered to the port's owner. */
    void received(int bytes) {
        rxFrames.incrementAndGet();
        rxBytes.addAndGet(bytes);
    }

    /** A frame the port's owner sent into the switch and the switch took. */
    void sent(int bytes) {
        txFrames.incrementAndGet();
        txBytes.addAndGet(bytes);
    }

    void dropped() {
        drops.incrementAndGet();
    }

    PortCounters snapshot() {
        return new PortCounters(rxFrames.get(), rxBytes.get(), txFrames.get(), txBytes.get(), drops.get());
    }
}
