package io.vireo.engine.boot;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.testing.AllocationBound;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VmSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target: the device tree built from what a {@link VmSpec} lets through (name, harts, memory, kernel
 * command line, devices) and an initrd range. The spec refuses with an {@link IllegalArgumentException} or
 * the tree reads back well-formed, fits the space direct boot keeps for it, and tells the kernel
 * exactly the command line, memory, harts (and their sockets), initrd and device slots of the spec.
 */
class DeviceTreeFuzzTest {
    private static final Path KERNEL = Path.of("Image");

    @FuzzTest(maxDuration = "5m")
    void fromSpec(FuzzedDataProvider data) {
        VmSpec vm;
        try {
            vm = spec(data);
        } catch (IllegalArgumentException refused) {
            return;
        }
        if (vm == null) {
            return;
        }
        long initrdStart = data.consumeLong(), initrdEnd = data.consumeLong();
        int slots = vm.devices().stream().mapToInt(DeviceSpec::slots).sum();
        byte[][] blob = new byte[1][];
        AllocationBound.check(1L << 20, () -> blob[0] = DeviceTreeFactory.build(new DeviceTreeFactory.Shape(
                vm.topology(), vm.memoryBytes(), vm.commandLine(), initrdStart, initrdEnd, slots)));
        assertThat((long) blob[0].length).as("device tree size").isLessThanOrEqualTo(DirectBoot.DEVICE_TREE_BELOW_END);

        DeviceTreeBlob.Node root = DeviceTreeBlob.parse(blob[0]).root();
        DeviceTreeBlob.Node chosen = root.at("/chosen");
        assertThat(chosen.strings("bootargs")).containsExactly(vm.commandLine());
        assertThat(root.at("/memory@80000000").longs("reg")).containsExactly(MachineLayout.RAM_BASE, vm.memoryBytes());
        assertThat(root.at("/cpus").children()).filteredOn(n -> n.name().startsWith("cpu@")).hasSize(vm.harts());
        assertThat(root.at("/cpus/cpu-map").children()).hasSize(vm.topology().sockets());
        assertThat(root.at("/soc").children()).filteredOn(n -> n.name().startsWith("virtio_mmio@")).hasSize(slots);
        if (initrdEnd > initrdStart) {
            assertThat(chosen.longs("linux,initrd-start")).containsExactly(initrdStart);
            assertThat(chosen.longs("linux,initrd-end")).containsExactly(initrdEnd);
        } else {
            assertThat(chosen.has("linux,initrd-start")).isFalse();
        }
    }

    private static VmSpec spec(FuzzedDataProvider data) {
        int harts = data.consumeBoolean() ? data.consumeInt(1, MachineLayout.MAX_HARTS) : data.consumeInt();
        long memory = data.consumeBoolean() ? data.consumeLong(16, 64 << 10) << 20 : data.consumeLong();
        String commandLine = data.consumeBoolean() ? data.consumeString(256)
                : data.consumeString(64).repeat(data.consumeInt(0, 1 << 16));
        List<DeviceSpec> devices = new ArrayList<>();
        for (int i = data.consumeInt(0, 10); i > 0; i--) {
            devices.add(switch (data.consumeInt(0, 4)) {
                case 0 -> new DeviceSpec.Disk(Path.of("disk.qcow2"), ImageFormat.QCOW2, data.consumeBoolean());
                case 1 -> new DeviceSpec.Display(data.consumeInt(), data.consumeInt());
                case 2 -> new DeviceSpec.Input();
                case 3 -> new DeviceSpec.Balloon();
                default -> new DeviceSpec.Rng();
            });
        }
        String name = data.consumeString(64);
        int sockets = data.consumeInt(0, 9), cores = data.consumeInt(0, 9), threads = data.consumeInt(0, 9);
        boolean laidOut = data.consumeBoolean();
        VmSpec[] spec = new VmSpec[1];
        AllocationBound.check(1L << 20, IllegalArgumentException.class,
                () -> spec[0] = new VmSpec(name, harts, memory, KERNEL, null, commandLine, devices,
                        laidOut ? new CpuTopology(sockets, cores, threads) : null));
        return spec[0];
    }
}
