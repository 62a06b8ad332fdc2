package io.vireo.engine.vm;

import io.vireo.engine.devices.virtio.net.NicControl;
import io.vireo.engine.devices.virtio.scsi.CdromDrive;
import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.InputSink;
import io.vireo.engine.display.Screenshots;
import io.vireo.engine.display.rfb.RfbServer;
import io.vireo.engine.sched.CpuAllocation;
import io.vireo.engine.sched.CpuPool;
import io.vireo.engine.sched.CpuUsage;
import io.vireo.engine.state.SavedStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

/**
 * A virtual machine with an explicit lifecycle ({@link VmState}). Each power-on builds a fresh
 * {@link Machine}; what the guest or a failure does to the machine is applied on the VM's own control
 * thread, so a hart never waits on itself and a failing VM never touches another.
 *
 * <p>It is longer than the house's 400 lines because it is the engine's one entry point for a VM: lifecycle,
 * saved state, disks, memory, display, CPU. Each of those is a few lines here over {@link Machine}.
 */
public final class VirtualMachine implements AutoCloseable {
    /** Told of every state change, on the VM's control thread. */
    @FunctionalInterface
    public interface StateListener {
        void changed(VirtualMachine vm, VmState from, VmState to, String reason);
    }

    /** What runs while a disk is detached from a running VM: create an overlay, rebase, rename files. */
    @FunctionalInterface
    public interface DiskAction {
        void run() throws IOException;
    }

    /** Changes only when a disk is reopened on another top, so the next power-on opens that one. */
    private volatile VmSpec spec;
    private final List<StateListener> stateListeners = new CopyOnWriteArrayList<>();
    private final List<IntConsumer> serialListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService control;
    private VmState state = VmState.CREATED;
    private Machine machine;
    private RfbServer displayServer;
    private String crashDiagnostic;
    private long poweredOnAt;
    private VmCounters lastCounters = VmCounters.ZERO;
    private final CpuPool cpuPool;
    private CpuAllocation cpuAllocation = CpuAllocation.DEFAULT;

    public VirtualMachine(VmSpec spec) {
        this(spec, CpuPool.shared());
    }

    /** A VM whose vCPUs run on {@code pool}'s host threads. */
    public VirtualMachine(VmSpec spec, CpuPool pool) {
        this.spec = spec;
        this.cpuPool = pool;
        this.control = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon()
                .name(spec.name() + "-control").unstarted(r));
    }

    /** The VM's spec as it stands: after {@link #reopenDisk} its disk names the new top. */
    public VmSpec spec() {
        return spec;
    }

    public synchronized VmState state() {
        return state;
    }

    public synchronized Optional<String> crashDiagnostic() {
        return Optional.ofNullable(crashDiagnostic);
    }

    public void addStateListener(StateListener listener) {
        stateListeners.add(listener);
    }

    /** Receives every byte the guest writes to its serial console (and the SBI debug console). */
    public void addSerialListener(IntConsumer listener) {
        serialListeners.add(listener);
    }

    public void removeSerialListener(IntConsumer listener) {
        serialListeners.remove(listener);
    }

    /** Sends bytes to the guest's serial console, as if typed. */
    public synchronized void typeSerial(byte[] bytes) {
        if (machine != null) {
            machine.typeSerial(bytes);
        }
    }

    /** Powers the VM on from CREATED, STOPPED or CRASHED. */
    public synchronized void start() throws IOException {
        if (!state.canMoveTo(VmState.RUNNING) || state == VmState.RUNNING) {
            throw new IllegalStateException("cannot power on a VM that is " + state);
        }
        powerOn("powered on");
    }

    private void powerOn(String reason) throws IOException {
        machine = Machine.boot(spec, this::serialByte, events(), cpuPool, cpuAllocation);
        crashDiagnostic = null;
        poweredOnAt = System.nanoTime();
        move(VmState.RUNNING, reason + machine.bootNote());
        machine.start();
    }

    private Machine.Events events() {
        return new ControlThreadEvents(control, this::onGuestPowerOff, this::onGuestReboot, this::onFailure);
    }

    private synchronized void onGuestPowerOff() {
        if (state == VmState.RUNNING || state == VmState.PAUSED) {
            releaseMachine();
            move(VmState.STOPPED, "the guest powered off");
        }
    }

    private synchronized void onGuestReboot() {
        if (state != VmState.RUNNING) {
            return;
        }
        releaseMachine();
        try {
            powerOn("the guest rebooted");
        } catch (IOException | RuntimeException e) {
            crash("reboot failed: " + e.getMessage());
        }
    }

    private synchronized void onFailure(String diagnostic) {
        if (state == VmState.RUNNING || state == VmState.PAUSED) {
            releaseMachine();
            crash(diagnostic);
        }
    }

    private void crash(String diagnostic) {
        crashDiagnostic = diagnostic;
        move(VmState.CRASHED, diagnostic);
    }

    public synchronized void pause() {
        move(VmState.PAUSED, "paused");
        machine.pause();
    }

    public synchronized void resume() {
        if (state != VmState.PAUSED) {
            throw new IllegalStateException("cannot resume a VM that is " + state);
        }
        move(VmState.RUNNING, "resumed");
        machine.resume();
    }

    // ---- saved state ----

    /**
     * Suspends the VM to {@code dir} (created if missing): its harts stop at an instruction boundary, its
     * devices finish the request in flight, and its state and RAM are written there (docs/saved-state.md),
     * replacing a state saved there before. The VM is then SUSPENDED and holds no host CPU or memory; its
     * disks are closed as they are at power off. {@link #resumeFrom} continues it, in this process or another ({@link SavedVm}).
     *
     * @throws IllegalStateException if the VM is not running or paused
     * @throws IOException           if writing failed: the machine is lost and the VM CRASHED
     */
    public synchronized void suspendTo(Path dir) throws IOException {
        if (state != VmState.RUNNING && state != VmState.PAUSED) {
            throw new IllegalStateException("cannot suspend a VM that is " + state);
        }
        saveAndRelease(dir, "suspending to ");
        move(VmState.SUSPENDED, "suspended to " + dir);
    }

    /** Writes the spec and the machine to {@code dir} and lets the machine go; a failure leaves the VM CRASHED. */
    private void saveAndRelease(Path dir, String doing) throws IOException {
        Files.createDirectories(dir);
        try {
            spec = machine.withCurrentDiscs(spec);
            VmSpecFile.write(dir, spec);
            machine.suspendTo(dir);
        } catch (IOException | RuntimeException e) {
            releaseMachine();
            crash(doing + dir + " failed: " + e.getMessage());
            throw e;
        }
        releaseMachine();
    }

    /**
     * Saves the running VM's state to {@code dir} as {@link #suspendTo} does, at one instant, and lets it go on from
     * there: while its harts are stopped and its disks are flushed and closed, {@code whileStopped} runs (it may
     * freeze the disks' files and put new tops over them), then the VM continues from the saved state with disk
     * {@code i} opened from {@code newTops.get(i)} (a qcow2 image of the same size) where given. The memory file
     * is then mapped copy-on-write and never written, so the folder stays a state to resume again later. The VM
     * stays RUNNING throughout (no state change is told); its screen's RFB sessions end, as at a reset.
     *
     * @throws IllegalStateException if the VM is not running (it is left as it is)
     * @throws IOException           if writing failed or the action failed: the VM goes on from the saved state
     *                               with its old disks when it can, and is CRASHED when it cannot
     */
    public synchronized void checkpointTo(Path dir, Map<Integer, Path> newTops, DiskAction whileStopped)
            throws IOException {
        if (state != VmState.RUNNING) {
            throw new IllegalStateException("cannot save the state of a VM that is " + state + " and let it go on");
        }
        saveAndRelease(dir, "saving the state to ");
        VmSpec next = spec;
        for (var top : newTops.entrySet()) {
            next = next.withDisk(top.getKey(), next.disk(top.getKey()).withTop(top.getValue()));
        }
        IOException failed = null;
        try {
            whileStopped.run();
            spec = next;
        } catch (IOException | RuntimeException e) {
            failed = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        try {
            machine = Machine.resume(spec, dir, this::serialByte, events(), cpuPool, cpuAllocation);
            machine.start();
        } catch (IOException | SavedStateException | RuntimeException e) {
            machine = null;
            crash("going on from the state saved in " + dir + " failed: " + e.getMessage());
            throw new IOException("the VM could not go on from the state saved in " + dir + ": " + e.getMessage(), e);
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Runs the VM from the state {@link #suspendTo} left in {@code dir} (by this VM or by one with the same
     * spec in another process): the guest continues where it stopped, its timer too. The files are only
     * read and the RAM file is mapped copy-on-write, so it must stay in place while the VM runs; suspending
     * again to the same folder replaces the files without disturbing that mapping.
     *
     * @throws SavedStateException   if the files are missing, damaged or describe another machine; the VM
     *                               stays as it was and the files are untouched
     * @throws IllegalStateException if the VM is running or paused
     */
    public synchronized void resumeFrom(Path dir) throws IOException, SavedStateException {
        if (state == VmState.RUNNING || state == VmState.PAUSED) {
            throw new IllegalStateException("cannot resume a saved state into a VM that is " + state);
        }
        machine = Machine.resume(spec, dir, this::serialByte, events(), cpuPool, cpuAllocation);
        crashDiagnostic = null;
        poweredOnAt = System.nanoTime();
        move(VmState.RUNNING, "resumed from " + dir);
        machine.start();
    }

    /**
     * Detaches disk {@code index} (the {@code index}-th {@link DeviceSpec.Disk} of the spec: the request
     * in flight finishes, the chain is flushed and closed), runs {@code whileDetached} (which may create
     * overlays, rebase or rename files), then reopens the disk from {@code newTop}, a qcow2 image of the
     * same virtual size, and lets the guest go on. The guest never sees an I/O error and no acknowledged
     * write is lost. If the action or the reopening fails, the old top is reopened and the failure thrown.
     * The harts are held meanwhile, without a visible PAUSED state; a paused VM stays paused. From here on
     * the spec names {@code newTop}, so a reboot opens it too. A disk confined to a root stays confined.
     *
     * <p>The VM's lock is held throughout, so keep the action short: lifecycle calls wait for it.
     *
     * @throws IllegalStateException if the VM is neither running nor paused
     */
    public synchronized void reopenDisk(int index, Path newTop, DiskAction whileDetached) throws IOException {
        if (state != VmState.RUNNING && state != VmState.PAUSED) {
            throw new IllegalStateException("cannot reopen a disk of a VM that is " + state);
        }
        DeviceSpec.Disk current = spec.disk(index);
        DeviceSpec.Disk next = current.withTop(newTop);
        try {
            machine.reopenDisk(index, current, next, whileDetached);
        } catch (Board.DiskLostException e) {
            releaseMachine();
            crash("disk " + index + " was lost while reopening it: " + e.getMessage());
            throw e;
        }
        spec = spec.withDisk(index, next);
    }

    /** Hard reset: the machine restarts from its boot files, as after pressing a reset button. */
    public synchronized void reset() throws IOException {
        if (state != VmState.RUNNING && state != VmState.PAUSED) {
            throw new IllegalStateException("cannot reset a VM that is " + state);
        }
        releaseMachine();
        powerOn("reset");
    }

    /** Hard power off: the guest is not asked. */
    public synchronized void powerOff() {
        if (state != VmState.RUNNING && state != VmState.PAUSED) {
            throw new IllegalStateException("cannot power off a VM that is " + state);
        }
        releaseMachine();
        move(VmState.STOPPED, "powered off");
    }

    private void releaseMachine() {
        if (displayServer != null) {
            try {
                displayServer.close();
            } catch (IOException e) {
                // its sessions end with the machine whatever the sockets say
            }
            displayServer = null;
        }
        if (machine != null) {
            spec = machine.withCurrentDiscs(spec);
            lastCounters = machine.counters();
            machine.close();
            machine = null;
        }
    }

    /**
     * Asks the guest's balloon driver to give up {@code bytes} of its memory to the host (0 deflates).
     * Returns false when the VM has no balloon device or is not powered on.
     */
    public synchronized boolean setBalloonTarget(long bytes) {
        if (machine == null || machine.balloon().isEmpty()) {
            return false;
        }
        machine.balloon().get().setTargetPages((int) Math.min(Integer.MAX_VALUE, bytes / 4096));
        return true;
    }

    // ---- memory changes without reboot ----

    /**
     * Gives the running guest {@code bytes} of memory, between {@link VmSpec#MIN_MEMORY} and the memory it
     * booted with (its maximum), by inflating or deflating its balloon; the guest's total memory follows as
     * its driver catches up. Returns false when the VM has no balloon device or is not powered on.
     *
     * @throws IllegalArgumentException if {@code bytes} is not a whole number of MiB within those bounds
     */
    public synchronized boolean resizeMemory(long bytes) {
        long maximum = spec.memoryBytes();
        if (bytes < VmSpec.MIN_MEMORY || bytes > maximum || (bytes & 0xFFFFF) != 0) {
            throw new IllegalArgumentException("memory must be a whole number of MiB between %d and %d MiB, was %d bytes"
                    .formatted(VmSpec.MIN_MEMORY >> 20, maximum >> 20, bytes));
        }
        return setBalloonTarget(maximum - bytes);
    }

    /** The memory the guest is left with once its balloon reaches its target: its boot memory when off. */
    public synchronized long memoryTargetBytes() {
        return spec.memoryBytes() - (machine == null ? 0 : machine.balloon().map(b -> b.targetPages() * 4096L).orElse(0L));
    }

    /** Bytes the guest reports holding in its balloon (0 without a balloon or when off). */
    public synchronized long balloonActualBytes() {
        return machine == null ? 0 : machine.balloon().map(b -> b.actualPages() * 4096L).orElse(0L);
    }

    /**
     * The guest's last reported memory statistics (free, total, available memory, faults, …), and a
     * request for fresh ones, which arrive asynchronously. Empty without a balloon or when off.
     */
    public synchronized Map<String, Long> balloonStatistics() {
        if (machine == null || machine.balloon().isEmpty()) {
            return Map.of();
        }
        machine.balloon().get().requestStatistics();
        return machine.balloon().get().statistics();
    }

    /** Host memory the VM's RAM holds right now: untouched and ballooned pages cost nothing. */
    public synchronized long residentMemoryBytes() {
        return machine == null ? 0 : machine.residentBytes();
    }

    /**
     * The NICs of the current power-on, in spec order (MAC, link up/down, counters); empty when off. A new
     * power-on brings new ones, with their links up and counters at zero.
     */
    public synchronized List<NicControl> nics() {
        return machine == null ? List.of() : machine.nics();
    }

    /** The CD-ROM drives of the current power-on's SCSI controllers, in spec order; empty when off. */
    public synchronized List<CdromDrive> cdromDrives() {
        return machine == null ? List.of() : machine.cdromDrives();
    }

    /** The guest's screen while the VM is powered on with a display. */
    public synchronized Optional<Framebuffer> display() {
        return machine == null ? Optional.empty() : machine.display();
    }

    /** Where keyboard and pointer input for the guest goes, while powered on with input devices. */
    public synchronized Optional<InputSink> input() {
        return machine == null ? Optional.empty() : machine.input();
    }

    /**
     * The RFB server for this power-on's screen and input, made on first use; it and its sessions end
     * when the machine does (power off, reset, reboot), so ask again after a power-on.
     */
    public synchronized Optional<RfbServer> displayServer() {
        if (displayServer == null && machine != null) {
            machine.display().ifPresent(screen ->
                    displayServer = new RfbServer(screen, machine.input().orElse(InputSink.NONE)));
        }
        return Optional.ofNullable(displayServer);
    }

    /** A PNG of the current screen, if the VM has a display and is powered on. */
    public Optional<byte[]> screenshot() {
        return display().map(Screenshots::png);
    }

    // ---- host CPU: shares, cap and usage ----

    public synchronized CpuAllocation cpuAllocation() {
        return cpuAllocation;
    }

    /** Shares and cap from now on: at once while the VM runs, and for every later power-on. */
    public synchronized void setCpuAllocation(CpuAllocation allocation) {
        cpuAllocation = Objects.requireNonNull(allocation);
        if (machine != null) {
            machine.allocate(allocation);
        }
    }

    /** CPU time, steal and where each vCPU runs, for the current power-on ({@link CpuUsage#NONE} when off). */
    public synchronized CpuUsage cpuUsage() {
        return machine == null ? CpuUsage.NONE : machine.cpuUsage();
    }

    /** Counters of the current power-on (or of the last one, once stopped). */
    public synchronized VmCounters counters() {
        return machine != null ? machine.counters() : lastCounters;
    }

    public synchronized Duration uptime() {
        return machine == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - poweredOnAt);
    }

    /** Waits until the VM is in {@code target}; returns whether it got there in time. */
    public synchronized boolean awaitState(VmState target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state != target) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private void move(VmState target, String reason) {
        VmState from = state;
        state = from.moveTo(target);
        notifyAll();
        for (StateListener l : stateListeners) {
            l.changed(this, from, target, reason);
        }
    }

    private void serialByte(int b) {
        for (IntConsumer l : serialListeners) {
            l.accept(b);
        }
    }

    @Override
    public synchronized void close() {
        releaseMachine();
        if (state == VmState.RUNNING || state == VmState.PAUSED) {
            move(VmState.STOPPED, "closed");
        }
        control.shutdown();
    }
}
