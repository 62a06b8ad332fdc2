package io.vireo.engine.boot;

import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.testing.Asm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kernel, initrd and device tree laid out in RAM the way QEMU's virt machine does it. */
class DirectBootTest {
    private static final long MEMORY = 16L << 20;

    @TempDir
    Path dir;
    private final GuestMemory ram = new GuestMemory(MachineLayout.RAM_BASE, MEMORY);

    @AfterEach
    void close() {
        ram.close();
    }

    private static KernelImage kernel() throws IOException {
        return KernelImage.parse(KernelImage.wrapBareMetal(new Asm().nop().nop().bytes()), "test kernel");
    }

    private byte[] read(long address, int length) {
        byte[] b = new byte[length];
        ram.read(address, b, 0, length);
        return b;
    }

    @Test
    void theKernelInitrdAndDeviceTreeLandWhereTheTreeSays() throws Exception {
        byte[] initrd = new byte[100_000];
        Arrays.fill(initrd, (byte) 0x5A);
        Path initrdFile = Files.write(dir.resolve("initrd"), initrd);
        KernelImage kernel = kernel();

        DirectBoot.Loaded loaded = DirectBoot.load(ram, kernel, Optional.of(initrdFile), CpuTopology.flat(2), "quiet", 1);

        assertThat(loaded.entry()).as("2 MiB above the RAM base, as the header asks").isEqualTo(0x8020_0000L);
        assertThat(read(loaded.entry(), kernel.bytes().length)).isEqualTo(kernel.bytes());
        assertThat(loaded.deviceTree()).as("2 MiB below the end of RAM").isEqualTo(MachineLayout.RAM_BASE + MEMORY - (2L << 20));
        byte[] blob = read(loaded.deviceTree(), 64 << 10);
        DeviceTreeBlob.Node root = DeviceTreeBlob.parse(blob).root();
        DeviceTreeBlob.Node chosen = root.child("chosen");
        assertThat(chosen.string("bootargs")).isEqualTo("quiet");
        long start = chosen.longs("linux,initrd-start")[0], end = chosen.longs("linux,initrd-end")[0];
        assertThat(start).as("in the middle of RAM").isEqualTo(MachineLayout.RAM_BASE + MEMORY / 2);
        assertThat(end - start).isEqualTo(initrd.length);
        assertThat(read(start, initrd.length)).isEqualTo(initrd);
        assertThat(root.child("memory@80000000").longs("reg")).containsExactly(MachineLayout.RAM_BASE, MEMORY);
        assertThat(root.child("cpus").children()).filteredOn(n -> n.name().startsWith("cpu@")).hasSize(2);
        assertThat(root.child("soc").has("ranges")).isTrue();
    }

    @Test
    void anInitrdTooLargeForTheMiddleGoesRightAfterTheKernel() throws Exception {
        Path initrdFile = Files.write(dir.resolve("initrd"), new byte[8 << 20]);
        DirectBoot.Loaded loaded = DirectBoot.load(ram, kernel(), Optional.of(initrdFile), CpuTopology.flat(1), "", 0);
        DeviceTreeBlob.Node chosen = DeviceTreeBlob.parse(read(loaded.deviceTree(), 64 << 10)).root().child("chosen");
        assertThat(chosen.longs("linux,initrd-start")).as("the first 64 KiB boundary after the kernel")
                .containsExactly(0x8021_0000L);
    }

    @Test
    void bootFilesThatDoNotFitAreRefused() throws Exception {
        Path initrdFile = Files.write(dir.resolve("initrd"), new byte[13 << 20]);
        assertThatThrownBy(() -> DirectBoot.load(ram, kernel(), Optional.of(initrdFile), CpuTopology.flat(1), "", 0))
                .isInstanceOf(IOException.class).hasMessageContaining("do not fit in 16 MiB");
    }
}
