package io.vireo.engine.sbi;

import io.vireo.engine.cpu.Hart;

import java.util.List;

/** What the SBI firmware needs from the machine it runs on. */
public interface Platform {
    List<Hart> harts();

    /** HSM hart states, as the SBI spec numbers them. */
    int STARTED = 0, STOPPED = 1, START_PENDING = 2, STOP_PENDING = 3;

    int hartState(int hartId);

    /** Starts a stopped hart at {@code address} in S-mode with a0 = hart id, a1 = {@code opaque}. */
    boolean startHart(int hartId, long address, long opaque);

    /** Stops the calling hart; it leaves its run loop before its next instruction. */
    void stopHart(int hartId);

    /**
     * Waits, on {@code caller}'s thread, until a remote fence requested on {@code target} has been applied
     * (or the target is not running).
     */
    void awaitRemoteFence(Hart caller, Hart target);

    void consoleWrite(byte[] bytes);

    /** Reads guest-physical memory for DBCN console writes; throws GuestMemoryException outside RAM. */
    void readPhysical(long address, byte[] dst);

    void powerOff();

    void reboot();
}
