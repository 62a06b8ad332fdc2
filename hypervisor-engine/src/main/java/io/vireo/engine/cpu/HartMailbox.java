package io.vireo.engine.cpu;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What other threads leave for a hart: its interrupt wires (an IPI, the PLIC's external interrupt), remote
 * fences to apply, a request to stop, and the waker that unparks it. This is the only part of a hart another
 * thread touches; everything else belongs to the thread running the hart.
 */
final class HartMailbox {
    static final int FLUSH_TLB = 1, FENCE_I = 2;

    /** Pending interrupt bits other threads (and sip writes) set, as sip lays them out. */
    private final AtomicInteger interrupts = new AtomicInteger();
    private final AtomicInteger fences = new AtomicInteger();
    private volatile boolean haltRequested;
    private volatile Runnable waker = () -> { };

    void setWaker(Runnable waker) {
        this.waker = waker;
    }

    /** Wakes the hart if it is parked. */
    void wake() {
        waker.run();
    }

    /** The interrupt bits set or cleared through {@link #setInterrupt}. */
    long interrupts() {
        return interrupts.get();
    }

    void setInterrupt(long bit, boolean pending) {
        if (pending) {
            interrupts.getAndAccumulate((int) bit, (v, b) -> v | b);
        } else {
            interrupts.getAndAccumulate((int) bit, (v, b) -> v & ~b);
        }
    }

    /** Drops pending interrupts, as a hart reset does. */
    void clearInterrupts() {
        interrupts.set(0);
    }

    void requestTlbFlush() {
        fences.getAndAccumulate(FLUSH_TLB, (v, b) -> v | b);
    }

    void requestFenceI() {
        fences.getAndAccumulate(FENCE_I, (v, b) -> v | b);
    }

    boolean hasFences() {
        return fences.get() != 0;
    }

    /** Takes the fences requested so far: {@link #FLUSH_TLB} and {@link #FENCE_I} bits. Only on the hart's own thread. */
    int takeFences() {
        return fences.get() == 0 ? 0 : fences.getAndSet(0);
    }

    void requestHalt() {
        haltRequested = true;
    }

    /** Whether a halt was requested since the last call. */
    boolean takeHaltRequest() {
        if (haltRequested) {
            haltRequested = false;
            return true;
        }
        return false;
    }
}
