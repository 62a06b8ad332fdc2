package io.vireo.engine.boot;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.testing.AllocationBound;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target: a kernel {@code Image} file (its 64-byte header and length) and where it and an initrd of
 * any length land in RAM of any size. Reading ends in a {@link KernelImage} or an {@link IOException} and
 * allocates little more than the file; a layout that is accepted keeps kernel (with its in-memory size),
 * initrd and device tree apart and inside RAM, so loading them writes nothing outside guest memory.
 */
class KernelImageFuzzTest {
    private static final long MIB = 1 << 20;
    private static final Path FILE = temporaryFile();

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("vireo-image-fuzz", ".Image");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void removeFile() throws IOException {
        Files.deleteIfExists(FILE);
    }

    @FuzzTest(maxDuration = "5m")
    void headerAndPlacement(FuzzedDataProvider data) throws IOException {
        byte[] header = data.consumeBytes(KernelImage.HEADER_SIZE);
        ByteBuffer file = ByteBuffer.allocate(header.length + data.consumeInt(0, 4096)).order(ByteOrder.LITTLE_ENDIAN);
        file.put(0, header);
        if (data.consumeBoolean() && file.capacity() >= KernelImage.HEADER_SIZE) {
            file.putLong(48, 0x5643534952L);   // the RISCV magic, so the fuzzer reaches the size fields
        }
        Files.write(FILE, file.array());
        KernelImage[] image = new KernelImage[1];
        AllocationBound.check(2L * file.capacity() + MIB, IOException.class, () -> image[0] = KernelImage.read(FILE));
        if (image[0] == null) {
            return;
        }
        KernelImage kernel = image[0];
        assertThat(kernel.textOffset()).isBetween(0L, 64 * MIB);
        assertThat(kernel.imageSize()).isGreaterThanOrEqualTo(kernel.bytes().length);

        long ramSize = data.consumeBoolean() ? MIB * data.consumeLong(16, 64 << 10) : data.consumeLong();
        long initrdLength = switch (data.consumeInt(0, 3)) {
            case 0 -> 0;
            case 1 -> data.consumeLong(0, 1L << 31);
            default -> data.consumeLong();
        };
        DirectBoot.Layout layout;
        try {
            layout = DirectBoot.place(ramSize, kernel, initrdLength);
        } catch (IOException refused) {
            return;
        }
        long ramEnd = MachineLayout.RAM_BASE + ramSize;
        assertThat(layout.kernelBase()).as("kernel base").isGreaterThanOrEqualTo(MachineLayout.RAM_BASE);
        assertThat(layout.kernelEnd() - layout.kernelBase()).as("kernel in-memory size").isEqualTo(kernel.imageSize());
        assertThat(layout.kernelEnd()).as("kernel end").isLessThanOrEqualTo(layout.deviceTree());
        assertThat(layout.deviceTree() + DirectBoot.DEVICE_TREE_BELOW_END).as("device tree end").isEqualTo(ramEnd);
        if (initrdLength > 0) {
            assertThat(layout.initrdEnd() - layout.initrdStart()).isEqualTo(initrdLength);
            assertThat(layout.initrdStart()).as("initrd start").isGreaterThanOrEqualTo(layout.kernelEnd());
            assertThat(layout.initrdEnd()).as("initrd end").isLessThanOrEqualTo(layout.deviceTree());
        }
    }
}
