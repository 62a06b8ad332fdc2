package io.vireo.engine.sched;

/**
 * How much host CPU a VM gets. {@code shares} weigh the VM against the others when the host threads are
 * all busy (a VM with 2000 shares gets twice the CPU time of one with 1000); {@code capPercent} limits it
 * even when the host is idle, in percent of one host core per vCPU (0: no cap).
 */
public record CpuAllocation(int shares, int capPercent) {
    public static final int DEFAULT_SHARES = 1000;
    public static final int MIN_SHARES = 10;
    public static final int MAX_SHARES = 100_000;
    public static final CpuAllocation DEFAULT = new CpuAllocation(DEFAULT_SHARES, 0);

    public CpuAllocation {
        if (shares < MIN_SHARES || shares > MAX_SHARES) {
            throw new IllegalArgumentException("CPU shares must be " + MIN_SHARES + ".." + MAX_SHARES + ", was " + shares);
        }
        if (capPercent < 0 || capPercent > 100) {
            throw new IllegalArgumentException("the CPU cap must be 0 (none) or 1..100 % of a core per vCPU, was " + capPercent);
        }
    }

    public boolean capped() {
        return capPercent > 0;
    }
}
