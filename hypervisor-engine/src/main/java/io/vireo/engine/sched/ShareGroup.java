package io.vireo.engine.sched;

/**
 * One VM's standing in the {@link CpuPool}, guarded by the pool's lock. Fairness: the group's virtual
 * runtime grows by the CPU time its vCPUs use divided by its shares, and the pool runs the group that is
 * furthest behind. Cap: within each {@link #PERIOD} the group may use its quota of CPU time; a slice that
 * overshoots is paid back from the next period's quota, so the long-run rate is the cap.
 */
final class ShareGroup {
    static final long PERIOD = 100_000_000L;

    private final int vcpus;
    private CpuAllocation allocation;
    long vruntime;
    /** vCPUs queued or on a host thread: 0 means the group sleeps and is placed anew when it wakes. */
    int runnable;
    boolean closing;
    private long periodStart = System.nanoTime();
    private long usedInPeriod;

    ShareGroup(int vcpus, CpuAllocation allocation, long vruntime) {
        this.vcpus = vcpus;
        this.allocation = allocation;
        this.vruntime = vruntime;
    }

    void allocate(CpuAllocation allocation) {
        this.allocation = allocation;
    }

    /** Accounts {@code cpuNanos} of CPU time one of the group's vCPUs just used. */
    void charge(long cpuNanos) {
        vruntime += cpuNanos * CpuAllocation.DEFAULT_SHARES / allocation.shares();
        usedInPeriod += cpuNanos;
    }

    /** Whether the cap keeps the group off the host threads at {@code now} (a System.nanoTime). */
    boolean throttled(long now) {
        if (!allocation.capped()) {
            return false;
        }
        long elapsed = now - periodStart;
        if (elapsed >= PERIOD) {
            long periods = elapsed / PERIOD;
            usedInPeriod = Math.max(0, usedInPeriod - quota() * periods);
            periodStart += periods * PERIOD;
        }
        return usedInPeriod >= quota();
    }

    /** When the next period starts, for a throttled group. */
    long throttledUntil() {
        return periodStart + PERIOD;
    }

    private long quota() {
        return PERIOD / 100 * allocation.capPercent() * vcpus;
    }
}
