package io.vireo.console.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Fallback;
import org.springframework.stereotype.Service;

import io.vireo.console.VireoProperties;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.engine.boot.disk.DiskBootException;
import io.vireo.engine.display.rfb.KeyboardLayout;
import io.vireo.engine.host.AdmissionRefusedException;
import io.vireo.engine.host.HostFigures;
import io.vireo.engine.host.HostLedger;
import io.vireo.engine.host.HostResources;
import io.vireo.engine.sched.CpuAllocation;
import io.vireo.engine.state.SavedStateException;
import io.vireo.engine.display.rfb.RfbSession;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmState;

/**
 * Runs the console's VMs in the embedded engine. It holds only powered-on VMs; each engine state change,
 * whoever caused it, is published as a {@link RuntimeStateChanged} so the inventory can follow it.
 *
 * <p>Just over 400 lines because it is the whole {@link HostDriver} port for the embedded engine: most methods are a
 * few lines that find the powered-on VM and call the engine, and splitting them up would only scatter the port.
 */
@Service
@Fallback // the console drives hosts through io.vireo.console.hosts.PlacedHostDriver, which hands local VMs here
public class VmRuntime implements HostDriver, DisposableBean {
    public static final Duration SAMPLE_PERIOD = Duration.ofSeconds(2);
    /** Linux's KEY_POWER: the machine's power button, which the guest may answer by shutting down. */
    static final int POWER_KEY = 116;
    private static final int SAMPLES = 90;
    private static final Logger log = LoggerFactory.getLogger(VmRuntime.class);

    private final Map<Long, RunningVm> running = new ConcurrentHashMap<>();
    private final NetworkRuntime networks;
    private final ApplicationEventPublisher events;
    private final HostLedger ledger;
    private final MemoryPressure pressure;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("vm-runtime-sampler").unstarted(r));

    @Autowired
    VmRuntime(ApplicationEventPublisher events, VireoProperties properties, NetworkRuntime networks) {
        this(events, properties, HostResources::availableMemoryBytes, networks);
    }

    VmRuntime(ApplicationEventPublisher events, VireoProperties properties) {
        this(events, properties, HostResources::availableMemoryBytes, new NetworkRuntime());
    }

    /** {@code hostAvailableBytes}: how much memory the host has available now, which host pressure watches. */
    VmRuntime(ApplicationEventPublisher events, VireoProperties properties, LongSupplier hostAvailableBytes,
            NetworkRuntime networks) {
        this.networks = networks;
        this.events = events;
        this.ledger = new HostLedger(HostResources.probe(), properties.host().memoryOvercommit());
        this.pressure = new MemoryPressure(properties.host().memoryOvercommit(), properties.host().memoryReserveMib(),
                hostAvailableBytes);
        sampler.scheduleAtFixedRate(this::sampleAll, SAMPLE_PERIOD.toMillis(), SAMPLE_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public RuntimeState state(Long vmId) {
        RunningVm vm = running.get(vmId);
        return vm == null ? RuntimeState.OFF : map(vm.machine().state());
    }

    /** Powers a VM on; the engine reads the kernel and opens the disks before this returns. */
    @Override
    public void powerOn(LaunchSpec launch) throws IOException {
        launch(launch, VirtualMachine::start);
    }

    /** Suspends a running or paused VM to {@code dir}; the engine then lets go of it. */
    @Override
    public void suspend(Long vmId, Path dir) throws IOException {
        try {
            held(vmId).machine().suspendTo(dir);
        } catch (IllegalStateException refused) {
            throw new ConflictException("Cannot suspend", "The VM cannot be suspended: " + refused.getMessage());
        }
    }

    /** Runs a VM from the state {@link #suspend} left in {@code dir}, whose files it only reads. */
    @Override
    public void resumeFrom(LaunchSpec launch, Path dir) throws IOException {
        launch(launch, machine -> {
            try {
                machine.resumeFrom(dir);
            } catch (SavedStateException damaged) {
                throw new ConflictException("Saved state unusable", "VM " + launch.name()
                        + " cannot resume from its saved state: " + damaged.getMessage());
            }
        });
    }

    @Override
    public boolean holdsSavedState(Path dir) {
        return SavedStates.holds(dir);
    }

    @Override
    public void checkpoint(Long vmId, Path dir, Map<Integer, Path> newTops, DiskAction whileStopped)
            throws IOException {
        try {
            held(vmId).machine().checkpointTo(dir, newTops, whileStopped::run);
        } catch (IllegalStateException refused) {
            throw new ConflictException("Cannot save the memory", "The VM's memory cannot be saved: "
                    + refused.getMessage());
        }
    }

    /** How a built machine starts: booted afresh, or from a saved state. */
    @FunctionalInterface
    private interface Starter {
        void start(VirtualMachine machine) throws IOException;
    }

    private void launch(LaunchSpec launch, Starter starter) throws IOException {
        RunningVm previous = running.get(launch.vmId());
        if (previous != null && !isOn(state(launch.vmId()))) {
            release(previous);
        }
        if (running.containsKey(launch.vmId())) {
            throw new ConflictException("VM is on", "VM " + launch.name() + " is already powered on");
        }
        RunningNics nics = RunningNics.plug(launch.nics(), networks);
        VirtualMachine machine;
        try {
            machine = new VirtualMachine(MachineSpecs.of(launch, nics.devices()));
        } catch (IOException | RuntimeException e) {
            nics.close();
            throw e;
        }
        machine.setCpuAllocation(cpuAllocation(launch.cpuShares(), launch.cpuCapPercent()));
        SerialLog serial = new SerialLog(launch.folder());
        RunningVm vm = new RunningVm(launch.vmId(), machine, serial, nics, SAMPLES, launch.memoryMinMib() << 20);
        machine.addSerialListener(serial::append);
        machine.addStateListener((source, from, to, reason) -> changed(vm, to, reason));
        if (running.putIfAbsent(launch.vmId(), vm) != null) {
            serial.close();
            machine.close();
            throw new ConflictException("VM is on", "VM " + launch.name() + " is already powered on");
        }
        try {
            ledger.admit(machine);
            starter.start(machine);
            nics.started(machine);
        } catch (AdmissionRefusedException e) {
            release(vm);
            throw new ConflictException("Host memory exhausted", "VM " + launch.name() + " cannot power on: "
                    + e.getMessage());
        } catch (ImageException e) {
            release(vm);
            throw new ConflictException("Disk unusable", "VM " + launch.name() + " cannot power on: " + e.getMessage());
        } catch (DiskBootException e) {
            release(vm);
            throw new ConflictException("Nothing to boot on the disk", "VM " + launch.name() + " cannot power on: "
                    + e.getMessage());
        } catch (IOException | RuntimeException e) {
            release(vm);
            throw e;
        }
    }

    private static boolean isOn(RuntimeState state) {
        return state == RuntimeState.RUNNING || state == RuntimeState.PAUSED;
    }

    /** Hard power off: the guest is not asked. */
    @Override
    public void powerOff(Long vmId) {
        held(vmId).machine().powerOff();
    }

    @Override
    public void reset(Long vmId) throws IOException {
        held(vmId).machine().reset();
    }

    @Override
    public void pause(Long vmId) {
        held(vmId).machine().pause();
    }

    @Override
    public void resume(Long vmId) {
        held(vmId).machine().resume();
    }

    /**
     * Presses the machine's power button: a guest that listens for it (the tiny appliance does) shuts down
     * and powers off by itself. Returns false when the VM has no keyboard to press it on.
     */
    @Override
    public boolean pressPowerButton(Long vmId) {
        return held(vmId).machine().input().map(input -> {
            input.key(POWER_KEY, true);
            input.key(POWER_KEY, false);
            return true;
        }).orElse(false);
    }

    /** The engine holds the VM's harts while the disk is detached; the guest sees a slow request, no error. */
    @Override
    public void reopenDisk(Long vmId, int position, Path newTop, DiskAction whileDetached) throws IOException {
        try {
            held(vmId).machine().reopenDisk(position, newTop, whileDetached::run);
        } catch (IllegalStateException stopped) {
            throw new ConflictException("VM is off", "The VM stopped while its disk was being changed: "
                    + stopped.getMessage());
        }
    }

    @Override
    public List<NicStatus> nics(Long vmId) {
        RunningVm vm = running.get(vmId);
        return vm == null ? List.of() : vm.nics().statuses(vm.machine());
    }

    @Override
    public void setLink(Long vmId, int position, boolean up) {
        RunningVm vm = held(vmId);
        vm.nics().setLink(vm.machine(), position, up);
    }

    @Override
    public void addForward(Long vmId, int position, LaunchSpec.Forward forward) {
        held(vmId).nics().addForward(position, forward);
    }

    @Override
    public void removeForward(Long vmId, int position, LaunchSpec.Forward forward) {
        held(vmId).nics().removeForward(position, forward);
    }

    @Override
    public void changeDisc(Long vmId, String vmName, Optional<Path> iso, boolean force) {
        CdromSwap.change(held(vmId).machine(), vmName, iso, force);
    }

    @Override
    public Optional<String> serialTail(Long vmId) {
        return Optional.ofNullable(running.get(vmId)).map(vm -> vm.serial().tail());
    }

    @Override
    public void typeSerial(Long vmId, byte[] bytes) {
        held(vmId).machine().typeSerial(bytes);
    }

    @Override
    public Optional<byte[]> screenshot(Long vmId) {
        RunningVm vm = running.get(vmId);
        return vm == null ? Optional.empty() : vm.machine().screenshot();
    }

    @Override
    public Optional<RuntimeStats> stats(Long vmId) {
        RunningVm vm = running.get(vmId);
        if (vm == null) {
            return Optional.empty();
        }
        var counters = vm.machine().counters();
        Map<String, Long> traps = new TreeMap<>();
        counters.trapsByCause().forEach((cause, count) -> {
            if (count > 0) {
                traps.put(cause.name(), count);
            }
        });
        return Optional.of(new RuntimeStats(vm.machine().uptime(), counters.instructionsRetired(), vm.samples(),
                traps, vm.machine().residentMemoryBytes()));
    }

    @Override
    public void allocateCpu(Long vmId, int shares, int capPercent) {
        held(vmId).machine().setCpuAllocation(cpuAllocation(shares, capPercent));
    }

    private static CpuAllocation cpuAllocation(int shares, int capPercent) {
        try {
            return new CpuAllocation(shares, capPercent);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("cpu", e.getMessage());
        }
    }

    @Override
    public void resizeMemory(Long vmId, long memoryMib) {
        if (!held(vmId).machine().resizeMemory(memoryMib << 20)) {
            throw new ConflictException("No balloon", "The VM has no balloon to change its memory with");
        }
    }

    @Override
    public HostLoad hostLoad() {
        HostFigures host = ledger.figures();
        Map<Long, HostLoad.VmLoad> vms = new TreeMap<>();
        running.values().forEach(vm -> vms.put(vm.id(), vm.load()));
        return new HostLoad(host.cores(), host.memoryBytes() >> 20, host.memoryOvercommit(),
                host.memoryLimitBytes() >> 20, host.vcpus(), host.memoryPromisedBytes() >> 20,
                host.memoryHeldBytes() >> 20, vms);
    }

    /**
     * An RFB session on the VM's screen over streams the caller already authenticated, labelled with who
     * watches; {@code run} it on the caller's thread. Empty when the VM is off or has no display. Viewers
     * send QEMU extended key events (noVNC does), so the keysym layout only serves clients that do not.
     */
    @Override
    public Optional<DisplaySession> openDisplay(Long vmId, String viewer, InputStream in, OutputStream out,
            boolean viewOnly) {
        RunningVm vm = running.get(vmId);
        if (vm == null) {
            return Optional.empty();
        }
        return vm.machine().displayServer().map(server -> {
            RfbSession session = server.open(in, out,
                    new RfbSession.Options(viewer, viewOnly, Optional.empty(), KeyboardLayout.US));
            return new DisplaySession() {
                @Override
                public void run() throws IOException {
                    session.run();
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        });
    }

    private RunningVm held(Long vmId) {
        RunningVm vm = running.get(vmId);
        if (vm == null) {
            throw new ConflictException("VM is off", "The VM is not powered on");
        }
        return vm;
    }

    /**
     * Runs on the VM's control thread or a caller's, holding the VM's lock: the inventory hears of it on the
     * sampler thread instead, in order, so its transaction never waits on a VM.
     */
    private void changed(RunningVm vm, VmState to, String reason) {
        if (sampler.isShutdown()) {
            return; // the console is stopping its VMs: the inventory finds them stopped on its next start
        }
        RuntimeState state = map(to);
        sampler.execute(() -> {
            if (!isOn(state)) {
                release(vm);
            }
            events.publishEvent(new RuntimeStateChanged(vm.id(), state, reason));
        });
    }

    private void release(RunningVm vm) {
        running.remove(vm.id(), vm);
        ledger.release(vm.machine());
        vm.machine().close();
        vm.nics().close();
        vm.serial().close();
    }

    private static RuntimeState map(VmState state) {
        return switch (state) {
            case CREATED, STOPPED -> RuntimeState.OFF;
            case SUSPENDED -> RuntimeState.SUSPENDED;
            case RUNNING -> RuntimeState.RUNNING;
            case PAUSED -> RuntimeState.PAUSED;
            case CRASHED -> RuntimeState.CRASHED;
        };
    }

    private void sampleAll() {
        for (RunningVm vm : running.values()) {
            try {
                vm.sample();
            } catch (RuntimeException e) {
                log.debug("could not sample VM {}", vm.id(), e);
            }
        }
        try {
            pressure.relieve(running.values());
        } catch (RuntimeException e) {
            log.warn("could not take memory back from the VMs", e);
        }
    }

    /** The console is stopping: its VMs stop with it (they are shown stopped on the next start). */
    @Override
    public void destroy() {
        sampler.shutdownNow();
        running.values().forEach(this::release);
        networks.close();
    }
}
