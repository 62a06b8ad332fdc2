package io.vireo.engine.vm;

import io.vireo.engine.boot.DirectBoot;
import io.vireo.engine.boot.KernelImage;
import io.vireo.engine.boot.MachineLayout;
import io.vireo.engine.devices.virtio.balloon.VirtioBalloon;
import io.vireo.engine.devices.virtio.net.NicControl;
import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.InputSink;
import io.vireo.engine.mmu.Bus;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.sched.CpuAllocation;
import io.vireo.engine.sched.CpuPool;
import io.vireo.engine.sched.CpuUsage;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * One power-on of a VM: RAM, the {@link Processors}, the {@link Board} of devices and the loaded boot
 * files, from reset until power off. A reboot builds a new Machine, so no state leaks from one boot to
 * the next.
 */
final class Machine implements AutoCloseable {
    /** How a machine ends, reported to its {@link VirtualMachine}. */
    interface Events {
        void guestPowerOff();

        void guestReboot();

        void failed(String diagnostic, Throwable cause);
    }

    private final GuestMemory ram;
    private final Processors processors;
    private final Board board;
    private final Future<?> sweeping;

    Machine(VmSpec spec, IntConsumer serialOut, Events events, CpuPool pool, CpuAllocation allocation) throws IOException {
        KernelImage kernel = KernelImage.read(spec.kernel());
        this.ram = new GuestMemory(MachineLayout.RAM_BASE, spec.memoryBytes());
        Board devices = null;
        try {
            Bus bus = new Bus(ram);
            CodeCache code = new CodeCache(spec.memoryBytes());
            ram.setWriteObserver(code::written);
            this.processors = new Processors(spec, bus, code, TranslationSetting.cacheFor(ram, code), serialOut, events,
                    pool, allocation);
            devices = new Board(spec, ram, bus, processors::externalInterrupt, serialOut);
            DirectBoot.Loaded boot = DirectBoot.load(ram, kernel, Optional.ofNullable(spec.initrd()), spec.harts(),
                    spec.commandLine(), devices.virtioSlots());
            processors.bootAt(boot.entry(), boot.deviceTree());
            this.board = devices;
            this.sweeping = CodeSweeper.sweep(processors::evictIdleCode);
        } catch (RuntimeException | IOException e) {
            if (devices != null) {
                devices.close();
            }
            ram.close();
            throw e;
        }
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
