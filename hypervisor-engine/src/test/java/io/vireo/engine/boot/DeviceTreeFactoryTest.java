package io.vireo.engine.boot;

import io.vireo.engine.cpu.GuestClock;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The device tree a guest boots with, parsed back by an independent reader. */
class DeviceTreeFactoryTest {
    private static final long RAM_SIZE = 256L << 20;

    private static DeviceTreeBlob.Node build(int harts, long initrdStart, long initrdEnd, int virtioSlots) {
        return build(CpuTopology.flat(harts), initrdStart, initrdEnd, virtioSlots);
    }

    private static DeviceTreeBlob.Node build(CpuTopology cpus, long initrdStart, long initrdEnd, int virtioSlots) {
        byte[] blob = DeviceTreeFactory.build(new DeviceTreeFactory.Shape(cpus, RAM_SIZE,
                "console=ttyS0 root=/dev/vda", initrdStart, initrdEnd, virtioSlots));
        DeviceTreeBlob.Tree tree = DeviceTreeBlob.parse(blob);
        assertThat(tree.bootCpu()).isZero();
        assertThat(blob.length % 8).as("the blob is 8-byte aligned in size").isZero();
        return tree.root();
    }

    @Test
    void everyHartIsAnRv64CpuWithItsIsaMmuAndInterruptController() {
        DeviceTreeBlob.Node root = build(2, 0, 0, 0);
        DeviceTreeBlob.Node cpus = root.child("cpus");
        assertThat(cpus.cells("timebase-frequency")).containsExactly((int) GuestClock.FREQUENCY);
        assertThat(cpus.children()).extracting(DeviceTreeBlob.Node::name).containsExactly("cpu@0", "cpu@1", "cpu-map");
        for (int h = 0; h < 2; h++) {
            DeviceTreeBlob.Node cpu = cpus.child("cpu@" + h);
            assertThat(cpu.string("device_type")).isEqualTo("cpu");
            assertThat(cpu.cells("reg")).containsExactly(h);
            assertThat(cpu.string("riscv,isa")).isEqualTo("rv64imafdc_zicntr_zicsr_zifencei_sstc");
            assertThat(cpu.string("riscv,isa-base")).isEqualTo("rv64i");
            assertThat(cpu.strings("riscv,isa-extensions")).isEqualTo(DeviceTreeFactory.ISA_EXTENSIONS);
            assertThat(cpu.string("mmu-type")).isEqualTo("riscv,sv48");
            assertThat(cpu.string("status")).isEqualTo("okay");
            DeviceTreeBlob.Node intc = cpu.child("interrupt-controller");
            assertThat(intc.string("compatible")).isEqualTo("riscv,cpu-intc");
            assertThat(intc.has("interrupt-controller")).isTrue();
            assertThat(intc.cells("phandle")).containsExactly(2 + h);
        }
    }

    /** The cpu phandle a cpu-map leaf names, as the hart number of the cpu node carrying it. */
    private static int hartNamedBy(DeviceTreeBlob.Node cpus, DeviceTreeBlob.Node leaf) {
        int phandle = leaf.cells("cpu")[0];
        return cpus.children().stream().filter(n -> n.name().startsWith("cpu@") && n.cells("phandle")[0] == phandle)
                .mapToInt(n -> n.cells("reg")[0]).findFirst().orElseThrow();
    }

    @Test
    void theCpuMapPutsHartsInSocketsAndCoresInOrder() {
        DeviceTreeBlob.Node cpus = build(new CpuTopology(2, 2, 1), 0, 0, 0).child("cpus");
        DeviceTreeBlob.Node map = cpus.child("cpu-map");
        assertThat(map.children()).extracting(DeviceTreeBlob.Node::name).containsExactly("socket0", "socket1");
        for (int socket = 0; socket < 2; socket++) {
            DeviceTreeBlob.Node cluster = map.child("socket" + socket).child("cluster0");
            assertThat(cluster.children()).extracting(DeviceTreeBlob.Node::name).containsExactly("core0", "core1");
            for (int core = 0; core < 2; core++) {
                assertThat(hartNamedBy(cpus, cluster.child("core" + core))).isEqualTo(socket * 2 + core);
            }
        }
        assertThat(cpus.children().stream().filter(n -> n.name().startsWith("cpu@")).map(n -> n.cells("phandle")[0]))
                .as("each cpu node has a phandle of its own, apart from the interrupt controllers'")
                .doesNotHaveDuplicates().allMatch(p -> p > 1 + 4);
    }

    @Test
    void threadsOfACoreEachNameTheirHart() {
        DeviceTreeBlob.Node cpus = build(new CpuTopology(1, 2, 2), 0, 0, 0).child("cpus");
        DeviceTreeBlob.Node core1 = cpus.at("/cpu-map/socket0/cluster0/core1");
        assertThat(core1.has("cpu")).as("a core of threads names no hart itself").isFalse();
        assertThat(hartNamedBy(cpus, core1.child("thread0"))).isEqualTo(2);
        assertThat(hartNamedBy(cpus, core1.child("thread1"))).isEqualTo(3);
    }

    @Test
    void memoryAndChosenDescribeRamBootArgumentsAndTheInitrd() {
        DeviceTreeBlob.Node root = build(1, 0x9000_0000L, 0x9012_3456L, 0);
        assertThat(root.cells("#address-cells")).containsExactly(2);
        assertThat(root.cells("#size-cells")).containsExactly(2);
        DeviceTreeBlob.Node memory = root.child("memory@80000000");
        assertThat(memory.string("device_type")).isEqualTo("memory");
        assertThat(memory.longs("reg")).containsExactly(MachineLayout.RAM_BASE, RAM_SIZE);
        DeviceTreeBlob.Node chosen = root.child("chosen");
        assertThat(chosen.string("bootargs")).isEqualTo("console=ttyS0 root=/dev/vda");
        assertThat(chosen.string("stdout-path")).isEqualTo("/soc/serial@10000000");
        assertThat(chosen.longs("linux,initrd-start")).containsExactly(0x9000_0000L);
        assertThat(chosen.longs("linux,initrd-end")).containsExactly(0x9012_3456L);
        assertThat(build(1, 0, 0, 0).child("chosen").has("linux,initrd-start")).as("no initrd, no range").isFalse();
    }

    @Test
    void thePlicServesOneSupervisorContextPerHart() {
        DeviceTreeBlob.Node plic = build(3, 0, 0, 0).at("/soc/plic@c000000");
        assertThat(plic.strings("compatible")).containsExactly("sifive,plic-1.0.0", "riscv,plic0");
        assertThat(plic.longs("reg")).containsExactly(MachineLayout.PLIC_BASE, 0x200000L + 3 * 0x1000L);
        assertThat(plic.cells("riscv,ndev")).containsExactly(MachineLayout.PLIC_SOURCES);
        assertThat(plic.cells("interrupts-extended")).as("(cpu intc phandle, S-external 9) per hart")
                .containsExactly(2, 9, 3, 9, 4, 9);
        assertThat(plic.cells("phandle")).containsExactly(1);
        assertThat(plic.has("interrupt-controller")).isTrue();
    }

    @Test
    void serialRtcAndEachVirtioSlotHaveTheirWindowAndPlicSource() {
        DeviceTreeBlob.Node soc = build(1, 0, 0, 3).child("soc");
        assertThat(soc.strings("compatible")).containsExactly("simple-bus");
        DeviceTreeBlob.Node serial = soc.child("serial@10000000");
        assertThat(serial.string("compatible")).isEqualTo("ns16550a");
        assertThat(serial.longs("reg")).containsExactly(MachineLayout.UART_BASE, 0x100);
        assertThat(serial.cells("interrupts")).containsExactly(MachineLayout.UART_IRQ);
        assertThat(serial.cells("interrupt-parent")).containsExactly(1);
        DeviceTreeBlob.Node rtc = soc.child("rtc@101000");
        assertThat(rtc.string("compatible")).isEqualTo("google,goldfish-rtc");
        assertThat(rtc.cells("interrupts")).containsExactly(MachineLayout.RTC_IRQ);

        List<DeviceTreeBlob.Node> slots = soc.children().stream().filter(n -> n.name().startsWith("virtio_mmio@")).toList();
        assertThat(slots).extracting(DeviceTreeBlob.Node::name)
                .containsExactly("virtio_mmio@10001000", "virtio_mmio@10002000", "virtio_mmio@10003000");
        for (int i = 0; i < slots.size(); i++) {
            assertThat(slots.get(i).string("compatible")).isEqualTo("virtio,mmio");
            assertThat(slots.get(i).longs("reg"))
                    .containsExactly(MachineLayout.VIRTIO_BASE + MachineLayout.VIRTIO_STRIDE * i, MachineLayout.VIRTIO_STRIDE);
            assertThat(slots.get(i).cells("interrupts")).containsExactly(MachineLayout.virtioIrq(i));
        }
    }
}
