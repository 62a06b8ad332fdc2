package io.vireo.bench;

import io.vireo.engine.boot.KernelImage;
import io.vireo.engine.vm.VmSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** One-hart VMs running a few RV64 instruction words on bare metal, for benchmarks that need no guest OS. */
final class BareMetal {
    static final int ADDI_T0_1 = 0x00128293, WFI = 0x10500073, JAL_BACK_4 = 0xFFDFF06F;

    private BareMetal() {
    }

    /** Writes a bare-metal kernel image of {@code words} to a temporary file, which the caller deletes. */
    static Path kernel(int... words) throws IOException {
        ByteBuffer program = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int word : words) {
            program.putInt(word);
        }
        Path kernel = Files.createTempFile("vireo-bare", ".Image");
        Files.write(kernel, KernelImage.wrapBareMetal(program.array()));
        return kernel;
    }

    /** A one-hart, 32 MiB VM booting {@code kernel}. */
    static VmSpec spec(String name, Path kernel) {
        return VmSpec.of(name, 1, 32L << 20, kernel, null, "");
    }
}
