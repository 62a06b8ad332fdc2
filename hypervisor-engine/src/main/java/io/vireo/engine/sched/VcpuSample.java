package io.vireo.engine.sched;

/**
 * One vCPU at the moment it was sampled: what it is doing and the host core that ran its latest slice
 * ({@code -1} before its first).
 */
public record VcpuSample(int vcpu, Activity activity, int hostCore, long cpuNanos, long stealNanos) {
    public enum Activity {
        /** On a host thread now. */
        RUNNING,
        /** Wants a host thread: waiting for one, or for its cap's next period. */
        RUNNABLE,
        /** In WFI, or stopped, or its VM is paused: costs nothing until woken. */
        IDLE
    }
}
