package io.vireo.engine.boot;

import io.vireo.engine.cpu.GuestClock;

import java.util.List;

/** Generates the device tree a Linux guest boots with, from the machine's shape. */
public final class DeviceTreeFactory {
    /** The ISA the harts implement; only these are advertised, so the kernel never patches in others. */
    public static final List<String> ISA_EXTENSIONS =
            List.of("i", "m", "a", "f", "d", "c", "zicntr", "zicsr", "zifencei", "sstc");
    public static final String ISA_STRING = "rv64imafdc_zicntr_zicsr_zifencei_sstc";

    /**
     * @param cpus        the harts and how they sit in sockets, cores and threads
     * @param virtioSlots number of virtio-mmio slots populated (slot i at VIRTIO_BASE + i * stride)
     */
    public record Shape(CpuTopology cpus, long ramSize, String bootArgs, long initrdStart, long initrdEnd,
                        int virtioSlots) {
        public int harts() {
            return cpus.harts();
        }
    }

    private DeviceTreeFactory() {
    }

    public static byte[] build(Shape shape) {
        int plicPhandle = 1;
        int intcPhandleBase = 2;
        int cpuPhandleBase = intcPhandleBase + shape.harts();
        FlattenedDeviceTree t = new FlattenedDeviceTree();
        t.beginNode("")
                .u32("#address-cells", 2).u32("#size-cells", 2)
                .string("compatible", "vireo,rv64-virt", "riscv-virtio")
                .string("model", "Vireo RV64GC virtual machine");

        t.beginNode("chosen").string("bootargs", shape.bootArgs())
                .string("stdout-path", "/soc/serial@%x".formatted(MachineLayout.UART_BASE));
        if (shape.initrdEnd() > shape.initrdStart()) {
            t.u64("linux,initrd-start", shape.initrdStart()).u64("linux,initrd-end", shape.initrdEnd());
        }
        t.endNode();

        t.beginNode("memory@%x".formatted(MachineLayout.RAM_BASE)).string("device_type", "memory")
                .u64("reg", MachineLayout.RAM_BASE, shape.ramSize()).endNode();

        t.beginNode("cpus").u32("#address-cells", 1).u32("#size-cells", 0)
                .u32("timebase-frequency", (int) GuestClock.FREQUENCY);
        for (int h = 0; h < shape.harts(); h++) {
            t.beginNode("cpu@" + h).string("device_type", "cpu").u32("reg", h).string("status", "okay")
                    .string("compatible", "riscv").string("riscv,isa", ISA_STRING)
                    .string("riscv,isa-base", "rv64i")
                    .string("riscv,isa-extensions", ISA_EXTENSIONS.toArray(String[]::new))
                    .string("mmu-type", "riscv,sv48").u32("phandle", cpuPhandleBase + h);
            t.beginNode("interrupt-controller").u32("#interrupt-cells", 1).empty("interrupt-controller")
                    .string("compatible", "riscv,cpu-intc").u32("phandle", intcPhandleBase + h).endNode();
            t.endNode();
        }
        cpuMap(t, shape.cpus(), cpuPhandleBase);
        t.endNode();

        t.beginNode("soc").u32("#address-cells", 2).u32("#size-cells", 2)
                .string("compatible", "simple-bus").empty("ranges");

        int[] contexts = new int[shape.harts() * 2];
        for (int h = 0; h < shape.harts(); h++) {
            contexts[2 * h] = intcPhandleBase + h;
            contexts[2 * h + 1] = 9; // S-mode external interrupt: one PLIC context per hart
        }
        t.beginNode("plic@%x".formatted(MachineLayout.PLIC_BASE))
                .string("compatible", "sifive,plic-1.0.0", "riscv,plic0")
                .u64("reg", MachineLayout.PLIC_BASE, 0x200000L + 0x1000L * shape.harts())
                .u32("#interrupt-cells", 1).u32("#address-cells", 0).empty("interrupt-controller")
                .u32("riscv,ndev", MachineLayout.PLIC_SOURCES)
                .u32("interrupts-extended", contexts).u32("phandle", plicPhandle).endNode();

        t.beginNode("serial@%x".formatted(MachineLayout.UART_BASE)).string("compatible", "ns16550a")
                .u64("reg", MachineLayout.UART_BASE, 0x100).u32("clock-frequency", 3686400)
                .u32("interrupt-parent", plicPhandle).u32("interrupts", MachineLayout.UART_IRQ).endNode();

        t.beginNode("rtc@%x".formatted(MachineLayout.RTC_BASE)).string("compatible", "google,goldfish-rtc")
                .u64("reg", MachineLayout.RTC_BASE, 0x1000)
                .u32("interrupt-parent", plicPhandle).u32("interrupts", MachineLayout.RTC_IRQ).endNode();

        for (int i = 0; i < shape.virtioSlots(); i++) {
            long base = MachineLayout.VIRTIO_BASE + MachineLayout.VIRTIO_STRIDE * i;
            t.beginNode("virtio_mmio@%x".formatted(base)).string("compatible", "virtio,mmio")
                    .u64("reg", base, MachineLayout.VIRTIO_STRIDE)
                    .u32("interrupt-parent", plicPhandle).u32("interrupts", MachineLayout.virtioIrq(i)).endNode();
        }
        t.endNode();
        t.endNode();
        return t.toBlob(0);
    }

    /**
     * The {@code cpu-map} of the CPU topology binding: socketN / cluster0 / coreN, with threadN below a core only
     * when cores run several harts, each leaf naming its hart's cpu node. Linux takes sockets for its packages
     * and numbers cores within each cluster; cores directly under a socket it refuses, hence the one cluster.
     */
    private static void cpuMap(FlattenedDeviceTree t, CpuTopology cpus, int cpuPhandleBase) {
        t.beginNode("cpu-map");
        for (int socket = 0; socket < cpus.sockets(); socket++) {
            t.beginNode("socket" + socket).beginNode("cluster0");
            for (int core = 0; core < cpus.cores(); core++) {
                t.beginNode("core" + core);
                if (cpus.threads() == 1) {
                    t.u32("cpu", cpuPhandleBase + cpus.hart(socket, core, 0));
                } else {
                    for (int thread = 0; thread < cpus.threads(); thread++) {
                        t.beginNode("thread" + thread).u32("cpu", cpuPhandleBase + cpus.hart(socket, core, thread))
                                .endNode();
                    }
                }
                t.endNode();
            }
            t.endNode().endNode();
        }
        t.endNode();
    }
}
