package io.vireo.console.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.ApplicationEventPublisher;

import io.vireo.console.domain.ConflictException;

/**
 * A host whose VMs change state at once, or when a test says so: the guest powers off, ignores the power
 * button, or the engine fails. Like the engine, it tells of every change through a {@link RuntimeStateChanged}
 * published on its own thread, with the engine's wording of the reason.
 */
public final class FakeHostDriver implements HostDriver, AutoCloseable {
    /** The engine's names of a saved state's files. */
    public static final String STATE_FILE = "machine.state", MEMORY_FILE = "memory.bin";

    private final ApplicationEventPublisher events;
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("fake-host-events").unstarted(r));
    private final Map<Long, RuntimeState> states = new ConcurrentHashMap<>();
    private final Map<Long, LaunchSpec> launches = new ConcurrentHashMap<>();
    private final Map<Long, FakeNics> nics = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> buttonPresses = new ConcurrentHashMap<>();
    private final Set<Long> deafGuests = ConcurrentHashMap.newKeySet();
    private final List<RuntimeStateChanged> withheld = new ArrayList<>();
    private final AtomicInteger reopened = new AtomicInteger();
    private final Map<Long, Long> memoryTargets = new ConcurrentHashMap<>();
    private final Map<Long, List<Integer>> cpuAllocations = new ConcurrentHashMap<>();
    private final Map<Long, Optional<Path>> discs = new ConcurrentHashMap<>();
    private final Set<Long> lockedDrives = ConcurrentHashMap.newKeySet();
    private boolean withholding;

    public FakeHostDriver(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public RuntimeState state(Long vmId) {
        return states.getOrDefault(vmId, RuntimeState.OFF);
    }

    @Override
    public synchronized void powerOn(LaunchSpec launch) {
        if (isOn(launch.vmId())) {
            throw new ConflictException("VM is on", "VM " + launch.name() + " is already powered on");
        }
        FakeNics plugged = new FakeNics(launch.nics());
        try {
            for (int i = 0; i < launch.nics().size(); i++) {
                for (LaunchSpec.Forward forward : launch.nics().get(i).forwards()) {
                    plugged.addForward(i, forward);
                }
            }
        } catch (ConflictException taken) {
            plugged.close();
            throw taken;
        }
        nics.put(launch.vmId(), plugged);
        launches.put(launch.vmId(), launch);
        discs.put(launch.vmId(), launch.disc());
        lockedDrives.remove(launch.vmId());
        memoryTargets.remove(launch.vmId());
        move(launch.vmId(), RuntimeState.RUNNING, "powered on");
    }

    @Override
    public synchronized void powerOff(Long vmId) {
        held(vmId);
        move(vmId, RuntimeState.OFF, "powered off");
    }

    @Override
    public synchronized void reset(Long vmId) throws IOException {
        held(vmId);
        move(vmId, RuntimeState.RUNNING, "reset");
    }

    @Override
    public synchronized void pause(Long vmId) {
        held(vmId);
        move(vmId, RuntimeState.PAUSED, "paused");
    }

    @Override
    public synchronized void resume(Long vmId) {
        held(vmId);
        move(vmId, RuntimeState.RUNNING, "resumed");
    }

    /** Like the engine: the state and memory files land in {@code dir} and the host lets go of the VM. */
    @Override
    public synchronized void suspend(Long vmId, Path dir) throws IOException {
        held(vmId);
        writeState(vmId, dir);
        move(vmId, RuntimeState.SUSPENDED, "suspended to " + dir);
    }

    /** Refuses a folder without a state, as the engine refuses a damaged one. */
    @Override
    public synchronized void resumeFrom(LaunchSpec launch, Path dir) throws IOException {
        if (!holdsSavedState(dir)) {
            throw new ConflictException("Saved state unusable", "VM " + launch.name()
                    + " cannot resume from its saved state: " + STATE_FILE + " is missing from " + dir);
        }
        powerOn(launch);
    }

    /** A folder holds a state when it has both files, the state file not empty. */
    @Override
    public boolean holdsSavedState(Path dir) {
        try {
            return Files.isRegularFile(dir.resolve(MEMORY_FILE)) && Files.size(dir.resolve(STATE_FILE)) > 0;
        } catch (IOException missing) {
            return false;
        }
    }

    /** Like the engine: the files land in {@code dir}, the file work runs, and the VM goes on from its new tops. */
    @Override
    public synchronized void checkpoint(Long vmId, Path dir, Map<Integer, Path> newTops, DiskAction whileStopped)
            throws IOException {
        held(vmId);
        writeState(vmId, dir);
        whileStopped.run();
        LaunchSpec launch = launches.get(vmId);
        List<LaunchSpec.Disk> disks = new ArrayList<>(launch.disks());
        newTops.forEach((position, top) -> {
            LaunchSpec.Disk old = disks.get(position);
            disks.set(position, new LaunchSpec.Disk(top, "qcow2", old.readOnly(), old.root(), old.scsi()));
        });
        launches.put(vmId, launch.withDisks(disks));
    }

    private void writeState(Long vmId, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MEMORY_FILE), "memory of VM " + vmId);
        Files.writeString(dir.resolve(STATE_FILE), "state of VM " + vmId);
    }

    /** A guest that listens powers off at once; one told to {@link #ignorePowerButton} does nothing. */
    @Override
    public synchronized boolean pressPowerButton(Long vmId) {
        held(vmId);
        buttonPresses.computeIfAbsent(vmId, id -> new AtomicInteger()).incrementAndGet();
        if (!deafGuests.contains(vmId)) {
            guestPowersOff(vmId);
        }
        return true;
    }

    @Override
    public Optional<RuntimeStats> stats(Long vmId) {
        return isOn(vmId) ? Optional.of(new RuntimeStats(Duration.ofSeconds(42), 1_000_000, List.of(
                new RuntimeStats.Sample(0, 500_000, 12.5), new RuntimeStats.Sample(2000, 600_000, 25.0)),
                Map.of("SBI_CALL", 10L), 64L << 20)) : Optional.empty();
    }

    /** Remembers the shares and cap given to a running VM, for tests to read back. */
    @Override
    public synchronized void allocateCpu(Long vmId, int shares, int capPercent) {
        held(vmId);
        cpuAllocations.put(vmId, List.of(shares, capPercent));
    }

    /** The shares and cap last given to the running VM, if any. */
    public Optional<List<Integer>> cpuAllocation(Long vmId) {
        return Optional.ofNullable(cpuAllocations.get(vmId));
    }

    /** Like the engine's balloon, at once: the VM is left {@code memoryMib}. */
    @Override
    public synchronized void resizeMemory(Long vmId, long memoryMib) {
        held(vmId);
        memoryTargets.put(vmId, memoryMib);
    }

    /** A 2-core host with 4 GiB, where every powered-on VM holds 64 MiB and uses 12.5 % of a core on vCPU 0. */
    @Override
    public synchronized HostLoad hostLoad() {
        Map<Long, HostLoad.VmLoad> vms = new TreeMap<>();
        launches.forEach((id, launch) -> {
            if (isOn(id)) {
                vms.put(id, new HostLoad.VmLoad(launch.vcpus(), launch.memoryMib(),
                        memoryTargets.getOrDefault(id, launch.memoryMib()), 64, 12.5, 0.5,
                        List.of(new HostLoad.VcpuPlace(0, "RUNNING", 1)), List.of(List.of(1), List.of(0))));
            }
        });
        int vcpus = vms.values().stream().mapToInt(HostLoad.VmLoad::vcpus).sum();
        long promised = vms.values().stream().mapToLong(HostLoad.VmLoad::memoryMib).sum();
        return new HostLoad(2, 4096, 1.0, 4096, vcpus, promised, 64L * vms.size(), vms);
    }

    @Override
    public Optional<byte[]> screenshot(Long vmId) {
        return Optional.empty();
    }

    /** A fake VM prints nothing: the console shows its (absent) serial log. */
    @Override
    public Optional<String> serialTail(Long vmId) {
        return Optional.empty();
    }

    /** A fake VM takes what is typed while it is on, and ignores it. */
    @Override
    public void typeSerial(Long vmId, byte[] bytes) {
        held(vmId);
    }

    /** A fake VM has no screen. */
    @Override
    public Optional<DisplaySession> openDisplay(Long vmId, String viewer, InputStream in, OutputStream out,
            boolean viewOnly) {
        return Optional.empty();
    }

    /** Like the engine: runs the file work while the disk is detached; the VM goes on from {@code newTop}. */
    @Override
    public synchronized void reopenDisk(Long vmId, int position, Path newTop, DiskAction whileDetached)
            throws IOException {
        held(vmId);
        LaunchSpec launch = launches.get(vmId);
        whileDetached.run();
        List<LaunchSpec.Disk> disks = new ArrayList<>(launch.disks());
        LaunchSpec.Disk old = disks.get(position);
        disks.set(position, new LaunchSpec.Disk(newTop, "qcow2", old.readOnly(), old.root(), old.scsi()));
        launches.put(vmId, launch.withDisks(disks));
        reopened.incrementAndGet();
    }

    @Override
    public synchronized void changeDisc(Long vmId, String vmName, Optional<Path> iso, boolean force) {
        held(vmId);
        if (lockedDrives.contains(vmId) && !force && discs.getOrDefault(vmId, Optional.empty()).isPresent()) {
            throw new DriveLockedException(vmName, "the guest prevents medium removal");
        }
        discs.put(vmId, iso);
    }

    /** The guest mounts its disc: the drive refuses an unforced change until the VM is powered on again. */
    public void lockDrive(Long vmId) {
        lockedDrives.add(vmId);
    }

    /** The ISO image in the VM's drive: what it was powered on with, as changed since. */
    public Optional<Path> disc(Long vmId) {
        return discs.getOrDefault(vmId, Optional.empty());
    }

    @Override
    public List<NicStatus> nics(Long vmId) {
        FakeNics plugged = nics.get(vmId);
        return plugged == null || !isOn(vmId) ? List.of() : plugged.statuses();
    }

    @Override
    public synchronized void setLink(Long vmId, int position, boolean up) {
        held(vmId);
        nics.get(vmId).setLink(position, up);
    }

    @Override
    public synchronized void addForward(Long vmId, int position, LaunchSpec.Forward forward) {
        held(vmId);
        nics.get(vmId).addForward(position, forward);
    }

    @Override
    public synchronized void removeForward(Long vmId, int position, LaunchSpec.Forward forward) {
        held(vmId);
        nics.get(vmId).removeForward(position, forward);
    }

    /** How many times a running VM's disk was reopened on a changed chain. */
    public int reopenedDisks() {
        return reopened.get();
    }

    /** The guest runs {@code poweroff}. */
    public synchronized void guestPowersOff(Long vmId) {
        move(vmId, RuntimeState.OFF, "the guest powered off");
    }

    /** The engine stops the VM after the guest drove it into an error. */
    public synchronized void crash(Long vmId, String diagnostic) {
        move(vmId, RuntimeState.CRASHED, diagnostic);
    }

    /** From now on the VM's guest does not answer its power button. */
    public void ignorePowerButton(Long vmId) {
        deafGuests.add(vmId);
    }

    /** From now on the inventory hears of no change until {@link #tell}: its record lags behind the host. */
    public synchronized void withholdEvents() {
        withholding = true;
    }

    /** Publishes the changes withheld so far, in order, and the next ones as they happen. */
    public synchronized void tell() {
        withholding = false;
        withheld.forEach(this::publish);
        withheld.clear();
    }

    /** The VM is gone from the host without a word, as if the engine had lost it. */
    public synchronized void forget(Long vmId) {
        states.remove(vmId);
    }

    public int powerButtonPresses(Long vmId) {
        AtomicInteger presses = buttonPresses.get(vmId);
        return presses == null ? 0 : presses.get();
    }

    /** What the VM was last powered on with. */
    public Optional<LaunchSpec> lastLaunch(Long vmId) {
        return Optional.ofNullable(launches.get(vmId));
    }

    private boolean isOn(Long vmId) {
        return states.containsKey(vmId);
    }

    private void held(Long vmId) {
        if (!isOn(vmId)) {
            throw new ConflictException("VM is off", "The VM is not powered on");
        }
    }

    /** Like the engine, the host lets go of a VM that is off or crashed: it holds only running ones. */
    private void move(Long vmId, RuntimeState state, String reason) {
        if (state == RuntimeState.RUNNING || state == RuntimeState.PAUSED) {
            states.put(vmId, state);
        } else {
            states.remove(vmId);
            FakeNics plugged = nics.remove(vmId);
            if (plugged != null) {
                plugged.close();
            }
        }
        RuntimeStateChanged change = new RuntimeStateChanged(vmId, state, reason);
        if (withholding) {
            withheld.add(change);
        } else {
            publish(change);
        }
    }

    private void publish(RuntimeStateChanged change) {
        publisher.execute(() -> events.publishEvent(change));
    }

    @Override
    public void close() {
        publisher.shutdownNow();
        nics.values().forEach(FakeNics::close);
    }
}
