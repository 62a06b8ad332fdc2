package io.vireo.engine.vm;

import io.vireo.engine.boot.MachineLayout;
import io.vireo.engine.devices.GoldfishRtc;
import io.vireo.engine.devices.Plic;
import io.vireo.engine.devices.Uart16550;
import io.vireo.engine.devices.virtio.VirtioDevice;
import io.vireo.engine.devices.virtio.VirtioMmioTransport;
import io.vireo.engine.devices.virtio.balloon.VirtioBalloon;
import io.vireo.engine.devices.virtio.blk.VirtioBlock;
import io.vireo.engine.devices.virtio.gpu.VirtioGpu;
import io.vireo.engine.devices.virtio.input.VirtioInput;
import io.vireo.engine.devices.virtio.input.VirtioInputPair;
import io.vireo.engine.devices.virtio.net.NicControl;
import io.vireo.engine.devices.virtio.net.VirtioNet;
import io.vireo.engine.devices.virtio.rng.VirtioRng;
import io.vireo.engine.devices.virtio.scsi.CdromDrive;
import io.vireo.engine.devices.virtio.scsi.VirtioScsi;
import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.InputSink;
import io.vireo.engine.mmu.Bus;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.state.MachineState;
import io.vireo.engine.state.SavedStateException;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.chain.DiskChain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/**
 * The devices of one power-on, wired onto the bus at {@link MachineLayout}'s addresses: the PLIC, the
 * serial port, the RTC, and one or more virtio-mmio slots per device spec, in order, each with its own
 * PLIC source. It owns the disk images it opened and closes them with itself, can swap one for
 * another chain while the guest runs ({@link #reopenDisk}), and keeps its NICs plugged into their
 * networks while it lives.
 */
final class Board implements AutoCloseable {
    private final GuestMemory ram;
    private final Bus bus;
    private final Plic plic;
    private final Uart16550 uart;
    private final GoldfishRtc rtc = new GoldfishRtc();
    private final List<VirtioMmioTransport> virtio = new ArrayList<>();
    /** The open chain of each disk, in spec order; an entry changes when the disk is reopened. */
    private final List<DiskImage> disks = new ArrayList<>();
    private final List<VirtioBlock> diskDevices = new ArrayList<>();
    /** The open chains of the SCSI controllers' disks, which are not counted among the disks above. */
    private final List<DiskImage> controllerDisks = new ArrayList<>();
    private final List<VirtioScsi> controllers = new ArrayList<>();
    /** The NICs, in spec order, each plugged into its network until the board closes. */
    private final List<VirtioNet> nics = new ArrayList<>();
    private VirtioBalloon balloon;
    private VirtioGpu gpu;
    private VirtioInputPair input;

    /** @param externalInterrupt receives (hart, asserted) when a PLIC context's output changes */
    Board(VmSpec spec, GuestMemory ram, Bus bus, BiConsumer<Integer, Boolean> externalInterrupt, IntConsumer serialOut)
            throws IOException {
        this.ram = ram;
        this.bus = bus;
        this.plic = new Plic(spec.harts(), externalInterrupt);
        bus.map(MachineLayout.PLIC_BASE, plic);
        this.uart = new Uart16550(plic.line(MachineLayout.UART_IRQ));
        uart.addOutputListener(serialOut);
        bus.map(MachineLayout.UART_BASE, uart);
        bus.map(MachineLayout.RTC_BASE, rtc);
        try {
            for (DeviceSpec d : spec.devices()) {
                attach(d);
            }
        } catch (IOException | RuntimeException e) {
            unplugNics();
            closeDisks();
            throw e;
        }
    }

    private void attach(DeviceSpec device) throws IOException {
        switch (device) {
            case DeviceSpec.Disk disk -> {
                DiskImage image = open(disk);
                disks.add(image);
                VirtioBlock block = new VirtioBlock(ram, image, "vireo-disk" + disks.size());
                diskDevices.add(block);
                slot(block);
            }
            case DeviceSpec.ScsiController controller -> attach(controller);
            case DeviceSpec.Display display -> slot(gpu = new VirtioGpu(ram, display.width(), display.height()));
            case DeviceSpec.Input i -> {
                VirtioInput keyboard = VirtioInput.keyboard(ram), tablet = VirtioInput.tablet(ram);
                slot(keyboard);
                slot(tablet);
                input = new VirtioInputPair(keyboard, tablet);
            }
            case DeviceSpec.Balloon b -> slot(balloon = new VirtioBalloon(ram));
            case DeviceSpec.Rng r -> slot(new VirtioRng(ram));
            case DeviceSpec.Nic n -> {
                VirtioNet nic = VirtioNet.plug(ram, n.mac(), n.network(), n.vlan(), n.rateLimit());
                nics.add(nic);
                slot(nic);
            }
        }
    }

    private void attach(DeviceSpec.ScsiController spec) throws IOException {
        List<DiskImage> images = new ArrayList<>();
        for (DeviceSpec.Disk disk : spec.disks()) {
            DiskImage image = open(disk);
            controllerDisks.add(image);
            images.add(image);
        }
        VirtioScsi controller = new VirtioScsi(ram, "vireo-scsi" + controllers.size(), images, spec.discs().size());
        controllers.add(controller);
        for (int i = 0; i < spec.discs().size(); i++) {
            Optional<Path> disc = spec.discs().get(i);
            if (disc.isPresent()) {
                controller.cdromDrives().get(i).insert(disc.get());
            }
        }
        slot(controller);
    }

    private static DiskImage open(DeviceSpec.Disk disk) throws IOException {
        return disk.root().isPresent()
                ? DiskChain.open(disk.image(), Optional.of(disk.format()), disk.readOnly(), disk.root().get())
                : DiskChain.open(disk.image(), Optional.of(disk.format()), disk.readOnly());
    }

    /**
     * Detaches disk {@code index} (its device waits for the request in flight, the chain is flushed and
     * closed), runs {@code whileDetached}, and attaches the chain {@code next} names. If the action or
     * the new chain fails, the chain {@code current} names is attached again and the failure thrown.
     *
     * @throws DiskLostException if not even {@code current} could be opened again: the device has no disk
     */
    void reopenDisk(int index, DeviceSpec.Disk current, DeviceSpec.Disk next, VirtualMachine.DiskAction whileDetached)
            throws IOException {
        Reattachment outcome = new Reattachment();
        diskDevices.get(index).replaceDisk(detached -> {
            DiskImage old = disks.get(index);
            long size = old.size();
            old.flush();
            try {
                old.close();
                whileDetached.run();
                outcome.attach(openSameSize(next, size));
            } catch (IOException | RuntimeException e) {
                outcome.failed(e);
                try {
                    outcome.attach(open(current));
                } catch (IOException | RuntimeException reopen) {
                    e.addSuppressed(reopen);
                    throw new DiskLostException(current.image() + " could not be reopened", e);
                }
            }
            disks.set(index, outcome.attached);
            return outcome.attached;
        });
        outcome.rethrow();
    }

    private static DiskImage openSameSize(DeviceSpec.Disk disk, long size) throws IOException {
        DiskImage image = open(disk);
        if (image.size() != size) {
            image.close();
            throw new ImageException(disk.image() + " is " + image.size() + " bytes; the disk it replaces is "
                    + size + " bytes, and a guest cannot see its disk change size");
        }
        return image;
    }

    /** What a reopen attached, and the failure to report when that is the old chain again. */
    private static final class Reattachment {
        private DiskImage attached;
        private Exception failure;

        void attach(DiskImage image) {
            attached = image;
        }

        void failed(Exception e) {
            failure = e;
        }

        void rethrow() throws IOException {
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
        }
    }

    /** A disk whose chain was closed and could be opened neither in its new shape nor its old one. */
    static final class DiskLostException extends IOException {
        DiskLostException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void slot(VirtioDevice device) {
        int slot = virtio.size();
        VirtioMmioTransport transport = new VirtioMmioTransport(ram, plic.line(MachineLayout.virtioIrq(slot)), device);
        bus.map(MachineLayout.VIRTIO_BASE + MachineLayout.VIRTIO_STRIDE * slot, transport);
        virtio.add(transport);
    }

    // ---- saved state ----

    /**
     * Stops the virtio devices' own work: a disk request in flight finishes; the rest wait in their queues.
     * Input events not yet delivered are dropped (the guest lost the keys typed at the instant it stopped).
     */
    void quiesce() {
        virtio.forEach(VirtioMmioTransport::quiesce);
    }

    void flushDisks() throws IOException {
        for (DiskImage d : disks) {
            d.flush();
        }
        for (DiskImage d : controllerDisks) {
            d.flush();
        }
    }

    int[] virtioDeviceIds() {
        return virtio.stream().mapToInt(t -> t.device().deviceId()).toArray();
    }

    Plic.State plicState() {
        return plic.state();
    }

    Uart16550.State uartState() {
        return uart.state();
    }

    long rtcOffsetNanos() {
        return rtc.offsetNanos();
    }

    List<VirtioMmioTransport.State> virtioStates() {
        return virtio.stream().map(VirtioMmioTransport::state).toList();
    }

    /** Takes a saved machine's device state; the devices whose driver was ready look at their queues again. */
    void restore(MachineState saved) throws SavedStateException {
        restoring("PLIC", () -> plic.restore(saved.plic()));
        restoring("UART", () -> uart.restore(saved.uart()));
        rtc.restoreOffset(saved.rtcOffsetNanos());
        for (int i = 0; i < virtio.size(); i++) {
            VirtioMmioTransport transport = virtio.get(i);
            VirtioMmioTransport.State state = saved.virtio().get(i);
            restoring("VIRT " + i, () -> transport.restore(state));
        }
    }

    private static void restoring(String section, Runnable restore) throws SavedStateException {
        try {
            restore.run();
        } catch (IllegalArgumentException e) {
            throw new SavedStateException("section " + section + ": " + e.getMessage(), e);
        }
    }

    /** How many virtio-mmio slots are populated, for the device tree. */
    int virtioSlots() {
        return virtio.size();
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

    List<NicControl> nics() {
        return List.copyOf(nics);
    }

    List<CdromDrive> cdromDrives() {
        return controllers.stream().flatMap(c -> c.cdromDrives().stream()).toList();
    }

    /** {@code spec}, whose devices built this board, with the discs its CD-ROM drives hold now. */
    VmSpec withCurrentDiscs(VmSpec spec) {
        if (controllers.isEmpty()) {
            return spec;
        }
        List<DeviceSpec> devices = new ArrayList<>(spec.devices());
        int controller = 0;
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) instanceof DeviceSpec.ScsiController c) {
                devices.set(i, c.withDiscs(controllers.get(controller++).cdromDrives().stream()
                        .map(CdromDrive::medium).toList()));
            }
        }
        return spec.withDevices(devices);
    }

    void typeSerial(byte[] bytes) {
        uart.type(bytes);
    }

    /** Stops the virtio devices' work, unplugs the NICs and closes the disks. */
    @Override
    public void close() {
        virtio.forEach(VirtioMmioTransport::shutdown);
        unplugNics();
        closeDisks();
    }

    private void unplugNics() {
        nics.forEach(VirtioNet::close);
        nics.clear();
    }

    private void closeDisks() {
        controllers.forEach(VirtioScsi::close);
        for (List<DiskImage> opened : List.of(disks, controllerDisks)) {
            for (DiskImage d : opened) {
                try {
                    d.close();
                } catch (IOException e) {
                    // The image stays as its last flush left it; nothing more can be done while powering off.
                }
            }
            opened.clear();
        }
    }
}
