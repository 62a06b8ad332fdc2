package io.vireo.engine.boot;

import io.vireo.engine.cpu.GuestClock;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The device tree a guest boots with, parsed back by an independent reader. */
class DeviceTreeFactoryTest {
    private static final long RAM_SIZE = 256L << 20;

    private static DeviceTreeBlob.Node build(int harts, long initrdStart, long initrdEnd, int virtioSlots) {
        byte[] blob = DeviceTreeFactory.build(new DeviceTreeFactory.Shape(harts, RAM_SIZE,
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
        assertThat(cpus.children()).extracting(DeviceTreeBlob.Node::name).containsExactly("cpu@0", "cpu@1");
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
