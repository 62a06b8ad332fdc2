package io.vireo.engine.vm;

import io.vireo.engine.boot.DirectBoot;
import io.vireo.engine.boot.KernelImage;
import io.vireo.engine.boot.MachineLayout;
import io.vireo.engine.cpu.GuestClock;
import io.vireo.engine.devices.virtio.balloon.VirtioBalloon;
import io.vireo.engine.devices.virtio.net.NicControl;
import io.vireo.engine.devices.virtio.scsi.CdromDrive;
import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.InputSink;
import io.vireo.engine.mmu.Bus;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.state.MachineState;
import io.vireo.engine.state.MachineStateFile;
import io.vireo.engine.state.MemoryFile;
import io.vireo.engine.state.SavedStateException;
import io.vireo.engine.sched.CpuAllocation;
import io.vireo.engine.sched.CpuPool;
import io.vireo.engine.sched.CpuUsage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * One power-on of a VM: RAM, the {@link Processors}, the {@link Board} of devices and the loaded boot
 * files, from reset (or a resume from a saved state) until power off or suspend. A reboot builds a new
 * Machine, so no state leaks from one boot to the next.
 */
final class Machine implements AutoCloseable {
    /** How a machine ends, reported to its {@link VirtualMachine}. */
    interface Events {
        void guestPowerOff();

        void guestReboot();

        void failed(String diagnostic, Throwable cause);
    }

    /** The files of a saved machine, in the folder it was suspended to. */
    static final String STATE_FILE = "machine.state", MEMORY_FILE = "memory.bin";

    private final GuestMemory ram;
    private final Processors processors;
    private final Board board;
    private final Future<?> sweeping;
    /** Where on its disk the kernel of this boot was found; "" when the spec named it. */
    private String bootedFrom = "";

    /** The parts around {@code ram}, which the machine owns from here on (closed if this fails). */
    private Machine(VmSpec spec, GuestMemory ram, GuestClock clock, IntConsumer serialOut, Events events,
                    CpuPool pool, CpuAllocation allocation) throws IOException {
        this.ram = ram;
        Processors harts = null;
        try {
            Bus bus = new Bus(ram);
            CodeCache code = new CodeCache(spec.memoryBytes());
            ram.setWriteObserver(code::written);
            harts = new Processors(spec, bus, code, TranslationSetting.cacheFor(ram, code), clock, serialOut, events,
                    pool, allocation);
            this.board = new Board(spec, ram, bus, harts::externalInterrupt, serialOut);
            this.processors = harts;
            this.sweeping = CodeSweeper.sweep(processors::evictIdleCode);
        } catch (RuntimeException | IOException e) {
            if (harts != null) {
                harts.shutdown();
            }
            ram.close();
            throw e;
        }
    }

    /**
     * A machine at reset with the spec's kernel, initrd and device tree loaded (direct boot); for a VM that
     * boots from its disk, the ones its disk holds now.
     */
    static Machine boot(VmSpec spec, IntConsumer serialOut, Events events, CpuPool pool, CpuAllocation allocation)
            throws IOException {
        FirstDiskBoot.Prepared prepared = FirstDiskBoot.prepare(spec);
        VmSpec booted = prepared.spec();
        KernelImage kernel = KernelImage.read(booted.kernel());
        Machine machine = new Machine(booted, new GuestMemory(MachineLayout.RAM_BASE, booted.memoryBytes()),
                new GuestClock(), serialOut, events, pool, allocation);
        try {
            DirectBoot.Loaded boot = DirectBoot.load(machine.ram, kernel, Optional.ofNullable(booted.initrd()),
                    booted.topology(), booted.commandLine(), machine.board.virtioSlots());
            machine.processors.bootAt(boot.entry(), boot.deviceTree());
            machine.bootedFrom = prepared.origin();
            return machine;
        } catch (RuntimeException | IOException e) {
            machine.close();
            throw e;
        }
    }

    /**
     * The machine a folder written by {@link #suspendTo} holds, ready to {@link #start} where it stopped: its
     * RAM mapped copy-on-write from the memory file, the rest read from the state file and checked against a
     * machine built from {@code spec}. The folder's files are only read.
     */
    static Machine resume(VmSpec spec, Path dir, IntConsumer serialOut, Events events, CpuPool pool,
                          CpuAllocation allocation) throws IOException, SavedStateException {
        MachineState saved = MachineStateFile.read(dir.resolve(STATE_FILE));
        MachineState.Shape shape = saved.shape();
        if (shape.ramBase() != MachineLayout.RAM_BASE || shape.ramSize() != spec.memoryBytes()) {
            throw new SavedStateException("section MACH: it was saved with %d MiB of RAM at 0x%x, the VM has %d MiB at 0x%x"
                    .formatted(shape.ramSize() >> 20, shape.ramBase(), spec.memoryBytes() >> 20, MachineLayout.RAM_BASE));
        }
        GuestMemory ram = MemoryFile.map(dir.resolve(MEMORY_FILE), shape.ramBase(), shape.ramSize());
        Machine machine = new Machine(spec, ram, new GuestClock(saved.clockTicks()), serialOut, events, pool, allocation);
        try {
            String mismatch = shape.mismatch(machine.shape());
            if (mismatch != null) {
                throw new SavedStateException("section MACH: " + mismatch);
            }
            // Harts first: the devices' wires then drive their external-interrupt bits as the devices now stand.
            machine.processors.restore(saved.harts(), saved.hsmStates());
            machine.board.restore(saved);
            return machine;
        } catch (SavedStateException | RuntimeException e) {
            machine.close();
            throw e;
        }
    }

    /** ", booting …" naming where on its disk this boot's kernel was found; "" for a kernel the spec names. */
    String bootNote() {
        return bootedFrom.isEmpty() ? "" : ", booting " + bootedFrom;
    }

    /** Reads back the state file in {@code dir} and checks the memory file is there (see {@link #resume}). */
    static void checkSaved(Path dir) throws SavedStateException {
        MachineStateFile.read(dir.resolve(STATE_FILE));
        if (!Files.isRegularFile(dir.resolve(MEMORY_FILE))) {
            throw new SavedStateException(MEMORY_FILE + " is missing from " + dir);
        }
    }

    private MachineState.Shape shape() {
        return new MachineState.Shape(processors.harts().size(), ram.base(), ram.size(), board.virtioDeviceIds());
    }

    /**
     * Stops the harts at an instruction boundary and the devices' own work, then writes the machine to
     * {@code dir}: RAM first, the state file last, each through a temporary file and a rename. The machine
     * does not run again; close it.
     */
    void suspendTo(Path dir) throws IOException {
        processors.haltForSave();
        board.quiesce();
        MachineState state = new MachineState(shape(), processors.clockTicks(), processors.hartStates(),
                processors.hsmStates(), board.plicState(), board.uartState(), board.rtcOffsetNanos(), board.virtioStates());
        board.flushDisks();
        MemoryFile.write(dir.resolve(MEMORY_FILE), ram);
        MachineStateFile.write(dir.resolve(STATE_FILE), state);
    }

    Optional<Framebuffer> display() {
        return board.display();
    }

    Optional<InputSink> input() {
        return board.input();
    }

    Optional<VirtioBalloon> balloon() {
        return board.balloon();
    }

    List<NicControl> nics() {
        return board.nics();
    }

    List<CdromDrive> cdromDrives() {
        return board.cdromDrives();
    }

    /** {@code spec} with the discs this machine's CD-ROM drives hold now. */
    VmSpec withCurrentDiscs(VmSpec spec) {
        return board.withCurrentDiscs(spec);
    }

    long residentBytes() {
        return ram.residentBytes();
    }

    void start() {
        processors.start();
    }

    void pause() {
        processors.pause();
    }

    void resume() {
        processors.resume();
    }

    /**
     * Swaps disk {@code index}'s chain (see {@link Board#reopenDisk}) with the harts held, so the guest
     * issues no request meanwhile and finds its disk where it left it.
     */
    void reopenDisk(int index, DeviceSpec.Disk current, DeviceSpec.Disk next, VirtualMachine.DiskAction whileDetached)
            throws IOException {
        processors.hold();
        try {
            board.reopenDisk(index, current, next, whileDetached);
        } finally {
            processors.release();
        }
    }

    void typeSerial(byte[] bytes) {
        board.typeSerial(bytes);
    }

    void allocate(CpuAllocation allocation) {
        processors.allocate(allocation);
    }

    CpuUsage cpuUsage() {
        return processors.cpuUsage();
    }

    VmCounters counters() {
        return processors.counters();
    }

    @Override
    public void close() {
        sweeping.cancel(false);
        processors.shutdown();
        board.close();
        ram.close();
    }
}
