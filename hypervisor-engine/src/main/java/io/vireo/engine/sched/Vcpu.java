package io.vireo.engine.sched;

import io.vireo.engine.cpu.Hart;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hart as the {@link CpuPool} sees it. Its state says where it is: asleep (costs nothing), queued for
 * a host thread, or on one. A wake-up that arrives while it runs is remembered ({@link #WOKEN}) so that a
 * hart entering WFI just as its interrupt arrives goes back to the queue instead of sleeping through it.
 */
final class Vcpu {
    static final int IDLE = 0, QUEUED = 1, RUNNING = 2, WOKEN = 3, RETIRED = 4;

    /** What one slice ended with. */
    enum Step { AGAIN, SLEEP, SLEEP_UNTIL_TIMER, FAILED }

    /** Instructions (or traps) in one slice: a few milliseconds of guest time. */
    private static final long SLICE = 1_000_000;

    final HartScheduler owner;
    final Hart hart;
    final int index;
    final ShareGroup group;
    final AtomicInteger state = new AtomicInteger(IDLE);
    private final CpuPool pool;
    /** Written by the thread running the vCPU (one at a time, handed over under the pool's lock). */
    volatile long cpuNanos;
    volatile long stealNanos;
    volatile int hostCore = -1;
    /** When the vCPU last became runnable, guarded by the pool's lock. */
    long queuedAt;

    Vcpu(HartScheduler owner, Hart hart, int index, ShareGroup group, CpuPool pool) {
        this.owner = owner;
        this.hart = hart;
        this.index = index;
        this.group = group;
        this.pool = pool;
    }

    /** Makes a sleeping vCPU runnable; any thread, any time (an interrupt, an IPI, a resume). */
    void wake() {
        while (true) {
            int s = state.get();
            if (s == IDLE) {
                if (state.compareAndSet(IDLE, QUEUED)) {
                    pool.wakeUp(this);
                    return;
                }
            } else if (s == RUNNING) {
                if (state.compareAndSet(RUNNING, WOKEN)) {
                    return;
                }
            } else {
                return;
            }
        }
    }

    boolean onHostThread() {
        int s = state.get();
        return s == RUNNING || s == WOKEN;
    }

    /** Runs one slice on the calling pool thread. */
    Step step() {
        if (!owner.mayRun(index)) {
            return Step.SLEEP;
        }
        Hart.StopReason reason;
        try {
            reason = hart.run(SLICE);
        } catch (Throwable failure) {
            owner.failed(hart, failure);
            return Step.FAILED;
        }
        return switch (reason) {
            case SLICE_USED -> Step.AGAIN;
            case WAITING_FOR_INTERRUPT -> Step.SLEEP_UNTIL_TIMER;
            case HALTED -> owner.mayRun(index) ? Step.AGAIN : Step.SLEEP;
        };
    }

    VcpuSample sample() {
        VcpuSample.Activity activity = switch (state.get()) {
            case RUNNING, WOKEN -> VcpuSample.Activity.RUNNING;
            case QUEUED -> VcpuSample.Activity.RUNNABLE;
            default -> VcpuSample.Activity.IDLE;
        };
        return new VcpuSample(index, activity, hostCore, cpuNanos, stealNanos);
    }
}
