package io.vireo.engine.testing;

import io.vireo.engine.boot.KernelImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A bare S-mode test program written as a kernel Image the engine boots like Linux. */
public final class BareKernel {
    public static final long LOAD_ADDRESS = 0x8020_0000L;
    public static final int HEADER = KernelImage.HEADER_SIZE;

    private BareKernel() {
    }

    /** Writes the image; the program's first instruction is at {@code LOAD_ADDRESS + HEADER}. */
    public static Path write(Asm program, Path directory) throws IOException {
        Path file = Files.createTempFile(directory, "bare", ".Image");
        Files.write(file, KernelImage.wrapBareMetal(program.bytes()));
        return file;
    }
}
