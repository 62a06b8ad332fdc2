package io.vireo.engine.vm;

import io.vireo.engine.boot.BootLayout;
import io.vireo.engine.boot.DeviceTreeFactory;
import io.vireo.engine.boot.KernelImage;
import io.vireo.engine.boot.MachineLayout;
import io.vireo.engine.cpu.GuestClock;
import io.vireo.engine.cpu.Hart;
import io.vireo.engine.cpu.jit.TranslationCache;
import io.vireo.engine.devices.GoldfishRtc;
import io.vireo.engine.devices.Plic;
import io.vireo.engine.devices.Uart16550;
import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.InputSink;
import io.vireo.engine.devices.virtio.VirtioDevice;
import io.vireo.engine.devices.virtio.VirtioMmioTransport;
import io.vireo.engine.devices.virtio.balloon.VirtioBalloon;
import io.vireo.engine.devices.virtio.blk.VirtioBlock;
import io.vireo.engine.devices.virtio.gpu.VirtioGpu;
import io.vireo.engine.devices.virtio.input.VirtioInput;
import io.vireo.engine.devices.virtio.input.VirtioInputPair;
import io.vireo.engine.devices.virtio.rng.VirtioRng;
import io.vireo.engine.mmu.Bus;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.mmu.Mmu;
import io.vireo.engine.sbi.Platform;
import io.vireo.engine.sbi.Sbi;
import io.vireo.engine.sched.HartScheduler;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.chain.DiskChain;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * One power-on of a VM: RAM, harts, devices and the loaded boot files, from reset until power off.
 * A reboot builds a new Machine, so no state leaks from one boot to the next.
 */
final class Machine implements Platform, AutoCloseable {
    /** How a machine ends, reported to its {@link VirtualMachine}. */
    interface Events {
        void guestPowerOff();

        void guestReboot();

        void failed(String diagnostic, Throwable cause);
    }

    /** Entries before a block is translated; 0 runs the interpreter alone (to compare, or to rule the tier out). */
    static final String TRANSLATION_THRESHOLD_PROPERTY = "vireo.translation.threshold";

    private final GuestMemory ram;
    private final List<Hart> harts = new ArrayList<>();
    private final List<VirtioMmioTransport> virtio = new ArrayList<>();
    private final List<DiskImage> disks = new ArrayList<>();
    private VirtioBalloon balloon;
    private VirtioGpu gpu;
    private VirtioInputPair input;
    private final Sbi sbi;
    private final Uart16550 uart;
    private final HartScheduler scheduler;
    private final IntConsumer serialOut;
    private final Events events;

    Machine(VmSpec spec, IntConsumer serialOut, Events events) throws IOException {
        this.serialOut = serialOut;
        this.events = events;
        KernelImage kernel = KernelImage.read(spec.kernel());
        this.ram = new GuestMemory(MachineLayout.RAM_BASE, spec.memoryBytes());
        try {
            Bus bus = new Bus(ram);
            CodeCache code = new CodeCache(spec.memoryBytes());
            ram.setWriteObserver(code::written);
            GuestClock clock = new GuestClock();
            this.sbi = new Sbi(this);
            int threshold = Integer.getInteger(TRANSLATION_THRESHOLD_PROPERTY, TranslationCache.DEFAULT_THRESHOLD);
            TranslationCache translations = threshold > 0 ? new TranslationCache(ram.segment(), code, threshold) : null;
            for (int i = 0; i < spec.harts(); i++) {
                harts.add(new Hart(i, new Mmu(bus, code), clock, sbi, translations));
            }
            Plic plic = new Plic(spec.harts(), (context, level) -> harts.get(context).setExternalInterrupt(level));
            bus.map(MachineLayout.PLIC_BASE, plic);
            this.uart = new Uart16550(plic.line(MachineLayout.UART_IRQ));
            uart.addOutputListener(serialOut);
            bus.map(MachineLayout.UART_BASE, uart);
            bus.map(MachineLayout.RTC_BASE, new GoldfishRtc());
            attachDevices(spec, bus, plic);

            BootLayout boot = load(spec, kernel);
            this.scheduler = new HartScheduler(spec.name(), harts, (hart, failure) ->
                    events.failed("hart %d failed at pc=0x%x: %s".formatted(hart.id(), hart.pc(), failure), failure));
            harts.getFirst().reset(boot.kernelBase(), 0, boot.dtb());
        } catch (RuntimeException | IOException e) {
            closeDisks();
            ram.close();
            throw e;
        }
    }

    /** Each device spec becomes one or more virtio-mmio slots, in order, each with its own PLIC source. */
    private void attachDevices(VmSpec spec, Bus bus, Plic plic) throws IOException {
        for (DeviceSpec d : spec.devices()) {
            switch (d) {
                case DeviceSpec.Disk disk -> {
                    DiskImage image = DiskChain.open(disk.image(), Optional.of(disk.format()), disk.readOnly());
                    disks.add(image);
                    attach(bus, plic, new VirtioBlock(ram, image, "vireo-disk" + disks.size()));
                }
                case DeviceSpec.Display display -> attach(bus, plic, gpu = new VirtioGpu(ram, display.width(), display.height()));
                case DeviceSpec.Input i -> {
                    VirtioInput keyboard = VirtioInput.keyboard(ram), tablet = VirtioInput.tablet(ram);
                    attach(bus, plic, keyboard);
                    attach(bus, plic, tablet);
                    input = new VirtioInputPair(keyboard, tablet);
                }
                case DeviceSpec.Balloon b -> attach(bus, plic, balloon = new VirtioBalloon(ram));
                case DeviceSpec.Rng r -> attach(bus, plic, new VirtioRng(ram));
            }
        }
    }

    private void attach(Bus bus, Plic plic, VirtioDevice device) {
        int slot = virtio.size();
        VirtioMmioTransport transport = new VirtioMmioTransport(ram, plic.line(MachineLayout.VIRTIO_IRQ_BASE + slot), device);
        bus.map(MachineLayout.VIRTIO_BASE + MachineLayout.VIRTIO_STRIDE * slot, transport);
        virtio.add(transport);
    }

    private void closeDisks() {
        for (DiskImage d : disks) {
            try {
                d.close();
            } catch (IOException e) {
                // The image stays as its last flush left it; nothing more can be done while powering off.
            }
        }
        disks.clear();
    }

    Optional<Framebuffer> display() {
        return Optional.ofNullable(gpu);
    }

    Optional<InputSink> input() {
        return Optional.ofNullable(input);
    }

    Optional<VirtioBalloon> balloon() {
        return Optional.ofNullable(balloon);
    }

    long residentBytes() {
        return ram.residentBytes();
    }

    /** Loads kernel, initrd and device tree where {@link BootLayout} puts them. */
    private BootLayout load(VmSpec spec, KernelImage kernel) throws IOException {
        byte[] initrd = spec.initrd() != null ? Files.readAllBytes(spec.initrd()) : new byte[0];
        BootLayout layout = BootLayout.place(spec.memoryBytes(), kernel, initrd.length);
        ram.write(layout.kernelBase(), kernel.bytes(), 0, kernel.bytes().length);
        if (initrd.length > 0) {
            ram.write(layout.initrdStart(), initrd, 0, initrd.length);
        }
        byte[] fdt = DeviceTreeFactory.build(new DeviceTreeFactory.Shape(spec.harts(), spec.memoryBytes(),
                spec.commandLine(), layout.initrdStart(), layout.initrdEnd(), virtio.size()));
        ram.write(layout.dtb(), fdt, 0, fdt.length);
        return layout;
    }

    void start() {
        scheduler.start();
    }

    void pause() {
        scheduler.pause();
    }

    void resume() {
        scheduler.resume();
    }

    void typeSerial(byte[] bytes) {
        uart.type(bytes);
    }

    long instructionsRetired() {
        return harts.stream().mapToLong(Hart::instructionsRetired).sum();
    }

    VmCounters counters() {
        Map<io.vireo.engine.cpu.TrapCause, Long> traps = new EnumMap<>(io.vireo.engine.cpu.TrapCause.class);
        for (io.vireo.engine.cpu.TrapCause c : io.vireo.engine.cpu.TrapCause.values()) {
            traps.put(c, harts.stream().mapToLong(h -> h.trapCount(c)).sum());
        }
        return new VmCounters(instructionsRetired(), scheduler.cpuTimeNanos(), traps, sbi.callCounts());
    }

    @Override
    public void close() {
        scheduler.shutdown();
        virtio.forEach(VirtioMmioTransport::shutdown);
        closeDisks();
        ram.close();
    }

    // ---- Platform (what the SBI firmware asks of the machine) ----

    @Override
    public List<Hart> harts() {
        return harts;
    }

    @Override
    public int hartState(int hartId) {
        return scheduler.hartState(hartId);
    }

    @Override
    public boolean startHart(int hartId, long address, long opaque) {
        return scheduler.startHart(hartId, address, opaque);
    }

    @Override
    public void stopHart(int hartId) {
        scheduler.stopHart(hartId);
    }

    @Override
    public void awaitRemoteFence(Hart caller, Hart target) {
        scheduler.awaitRemoteFence(caller, target);
    }

    @Override
    public void consoleWrite(byte[] bytes) {
        for (byte b : bytes) {
            serialOut.accept(b & 0xFF);
        }
    }

    @Override
    public void readPhysical(long address, byte[] dst) {
        ram.read(address, dst, 0, dst.length);
    }

    @Override
    public void powerOff() {
        scheduler.pause();
        events.guestPowerOff();
    }

    @Override
    public void reboot() {
        scheduler.pause();
        events.guestReboot();
    }
}
