package io.vireo.engine.sched;

import io.vireo.engine.cpu.Hart;
import io.vireo.engine.sbi.Platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One machine's harts on a {@link CpuPool}: their SBI HSM states, the machine-wide pause, a separate hold
 * the host takes for a moment (while it swaps a disk) that neither sets nor clears the pause, and the
 * machine's {@link CpuAllocation}. A hart in WFI leaves the pool's threads until an interrupt or its timer
 * wakes it, so an idle guest costs no host CPU.
 */
public final class HartScheduler {
    /** What the scheduler reports to the machine that owns it. */
    public interface Listener {
        /** A hart's run loop threw: the engine or a device failed, and the machine cannot go on. */
        void hartFailed(Hart hart, Throwable failure);
    }

    private static final long FENCE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long SHUTDOWN_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final List<Hart> harts;
    private final Listener listener;
    private final CpuPool pool;
    private final ShareGroup group;
    private final List<Vcpu> vcpus = new ArrayList<>();
    private final AtomicIntegerArray state;
    private volatile boolean paused;
    private volatile boolean held;
    private volatile boolean shutdown;

    /** Harts on the shared pool with the default allocation. */
    public HartScheduler(List<Hart> harts, Listener listener) {
        this(harts, listener, CpuPool.shared(), CpuAllocation.DEFAULT);
    }

    public HartScheduler(List<Hart> harts, Listener listener, CpuPool pool, CpuAllocation allocation) {
        this.harts = List.copyOf(harts);
        this.listener = listener;
        this.pool = pool;
        this.group = pool.join(harts.size(), allocation);
        this.state = new AtomicIntegerArray(harts.size());
        for (int i = 0; i < harts.size(); i++) {
            state.set(i, Platform.STOPPED);
            vcpus.add(new Vcpu(this, this.harts.get(i), i, group, pool));
        }
    }

    /** Starts hart 0 (already reset to its entry point); the others wait for an HSM start. */
    public void start() {
        int[] initial = new int[harts.size()];
        Arrays.fill(initial, Platform.STOPPED);
        initial[0] = Platform.STARTED;
        startAs(initial);
    }

    /**
     * Starts the harts in the HSM states a saved machine had ({@link Platform#STARTED} or
     * {@link Platform#STOPPED} each): the started ones run, the others wait for an HSM start.
     */
    public void startAs(int[] hsmStates) {
        for (Vcpu vcpu : vcpus) {
            vcpu.hart.setWaker(vcpu::wake);
        }
        for (int i = 0; i < vcpus.size(); i++) {
            state.set(i, hsmStates[i]);
        }
        for (int i = 0; i < vcpus.size(); i++) {
            if (hsmStates[i] == Platform.STARTED) {
                vcpus.get(i).wake();
            }
        }
    }

    /** Shares and cap from now on, while the machine runs. */
    public void allocate(CpuAllocation allocation) {
        pool.allocate(group, allocation);
    }

    boolean mayRun(int index) {
        return !paused && !held && !shutdown && state.get(index) == Platform.STARTED;
    }

    void failed(Hart hart, Throwable failure) {
        listener.hartFailed(hart, failure);
    }

    /** Host CPU time the harts used so far. */
    public long cpuTimeNanos() {
        return vcpus.stream().mapToLong(v -> v.cpuNanos).sum();
    }

    /** CPU time, steal and each vCPU's place, now. */
    public CpuUsage usage() {
        List<VcpuSample> samples = vcpus.stream().map(Vcpu::sample).toList();
        return new CpuUsage(samples.stream().mapToLong(VcpuSample::cpuNanos).sum(),
                samples.stream().mapToLong(VcpuSample::stealNanos).sum(), samples);
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

    /** Called on the hart's own thread (SBI hart_stop): it leaves its slice before the next instruction. */
    public void stopHart(int index) {
        state.set(index, Platform.STOPPED);
        harts.get(index).requestHalt();
    }

    /**
     * Waits (briefly) for a target that is on a host thread right now to apply the fence asked of it; a
     * target off the host threads applies it before its next instruction anyway.
     */
    public void awaitRemoteFence(Hart caller, Hart target) {
        Vcpu vcpu = vcpus.get(harts.indexOf(target));
        long deadline = System.nanoTime() + FENCE_WAIT_NANOS;
        while (target.hasPendingRequests() && vcpu.onHostThread() && state.get(vcpu.index) == Platform.STARTED
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

    /**
     * Stops every hart and waits until none runs on a host thread (but the caller's own, if one of this
     * machine's harts calls), so the machine's memory can go.
     */
    public void shutdown() {
        shutdown = true;
        harts.forEach(Hart::requestHalt);
        try {
            pool.leave(group, vcpus, SHUTDOWN_WAIT_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
