package io.vireo.engine.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Wraps a bare S-mode program in a RISC-V Linux {@code Image} header, so the engine loads and starts
 * it exactly like a kernel: at RAM base + 2 MiB, a0 = hart id, a1 = device tree.
 */
public final class BareKernel {
    public static final long LOAD_ADDRESS = 0x8020_0000L;
    public static final int HEADER = 64;

    private BareKernel() {
    }

    /** Writes the image; the program's first instruction is at {@code LOAD_ADDRESS + HEADER}. */
    public static Path write(Asm program, Path directory) throws IOException {
        byte[] code = program.bytes();
        ByteBuffer image = ByteBuffer.allocate(HEADER + code.length).order(ByteOrder.LITTLE_ENDIAN);
        image.putInt(0, Asm.j(HEADER, Asm.ZERO));
        image.putLong(8, 0x200000L);
        image.putLong(16, HEADER + code.length);
        image.put(48, "RISCV\0\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        image.put(56, "RSC\u0005".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        image.put(HEADER, code);
        Path file = Files.createTempFile(directory, "bare", ".Image");
        Files.write(file, image.array());
        return file;
    }
}
