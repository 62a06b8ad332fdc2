package io.vireo.engine.sched;

import io.vireo.engine.cpu.Hart;
import io.vireo.engine.sbi.Platform;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a machine's harts, one host thread each, in bounded slices. A hart in WFI parks its thread until
 * an interrupt or its timer is due, so an idle guest costs no host CPU. Holds the SBI HSM state of
 * every hart, the machine-wide pause, and a separate hold the host takes for a moment (while it swaps a
 * disk) that neither sets nor clears the pause.
 */
public final class HartScheduler {
    /** What the scheduler reports to the machine that owns it. */
    public interface Listener {
        /** A hart's run loop threw: the engine or a device failed, and the machine cannot go on. */
        void hartFailed(Hart hart, Throwable failure);
    }

    private static final long SLICE = 1_000_000;
    private static final ThreadMXBean CPU_TIMES = ManagementFactory.getThreadMXBean();
    private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FENCE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final List<Hart> harts;
    private final String name;
    private final Listener listener;
    private final Thread[] threads;
    private final AtomicIntegerArray state;
    private final AtomicIntegerArray parked;
    private volatile boolean paused;
    private volatile boolean held;
    private volatile boolean shutdown;

    public HartScheduler(String name, List<Hart> harts, Listener listener) {
        this.name = name;
        this.harts = List.copyOf(harts);
        this.listener = listener;
        this.threads = new Thread[harts.size()];
        this.state = new AtomicIntegerArray(harts.size());
        this.parked = new AtomicIntegerArray(harts.size());
        for (int i = 0; i < harts.size(); i++) {
            state.set(i, Platform.STOPPED);
        }
    }

    /** Starts the threads with hart 0 running (already reset to its entry point) and the others stopped. */
    public void start() {
        state.set(0, Platform.STARTED);
        for (int i = 0; i < harts.size(); i++) {
            int index = i;
            Thread t = Thread.ofPlatform().name(name + "-hart" + i).daemon().unstarted(() -> loop(index));
            threads[i] = t;
            harts.get(i).setWaker(() -> LockSupport.unpark(t));
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    private void loop(int index) {
        Hart hart = harts.get(index);
        try {
            while (!shutdown) {
                if (paused || held || state.get(index) != Platform.STARTED) {
                    park(index, MAX_PARK_NANOS);
                    continue;
                }
                Hart.StopReason reason = hart.run(SLICE);
                if (reason == Hart.StopReason.WAITING_FOR_INTERRUPT) {
                    park(index, Math.min(hart.nanosUntilTimer(), MAX_PARK_NANOS));
                }
            }
        } catch (Throwable failure) {
            listener.hartFailed(hart, failure);
        }
    }

    private void park(int index, long nanos) {
        if (nanos <= 0) {
            return;
        }
        parked.set(index, 1);
        LockSupport.parkNanos(this, nanos);
        parked.set(index, 0);
    }

    /** Host CPU time the hart threads used so far (0 where the JVM cannot measure thread CPU time). */
    public long cpuTimeNanos() {
        long total = 0;
        for (Thread t : threads) {
            if (t != null) {
                total += Math.max(0, CPU_TIMES.getThreadCpuTime(t.threadId()));
            }
        }
        return total;
    }

    public int hartState(int index) {
        return state.get(index);
    }

    public boolean startHart(int index, long address, long opaque) {
        if (!state.compareAndSet(index, Platform.STOPPED, Platform.START_PENDING)) {
            return false;
        }
        Hart hart = harts.get(index);
        hart.reset(address, index, opaque);
        state.set(index, Platform.STARTED);
        hart.wake();
        return true;
    }

    /** Called on the hart's own thread (SBI hart_stop): it leaves its run loop before the next instruction. */
    public void stopHart(int index) {
        state.set(index, Platform.STOPPED);
        harts.get(index).requestHalt();
    }

    public void awaitRemoteFence(Hart caller, Hart target) {
        int index = harts.indexOf(target);
        long deadline = System.nanoTime() + FENCE_WAIT_NANOS;
        while (target.hasPendingRequests() && parked.get(index) == 0 && state.get(index) == Platform.STARTED
                && !paused && !held && !shutdown && System.nanoTime() < deadline) {
            // The target may itself be in here waiting for our fence: apply it, or both wait out the deadline.
            caller.applyPendingRequests();
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    public void pause() {
        paused = true;
        harts.forEach(Hart::requestHalt);
    }

    public void resume() {
        paused = false;
        harts.forEach(Hart::wake);
    }

    /**
     * Stops the harts at their next slice boundary without pausing the machine: a pause the guest asks for
     * (power off, reboot) or the owner sets meanwhile survives {@link #release()}.
     */
    public void hold() {
        held = true;
        harts.forEach(Hart::requestHalt);
    }

    public void release() {
        held = false;
        harts.forEach(Hart::wake);
    }

    /** Stops every hart and waits for the threads to end (unless called from one of them). */
    public void shutdown() {
        shutdown = true;
        harts.forEach(Hart::requestHalt);
        Thread current = Thread.currentThread();
        for (Thread t : threads) {
            if (t != null && t != current) {
                try {
                    t.join(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
