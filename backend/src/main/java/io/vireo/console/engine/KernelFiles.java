package io.vireo.console.engine;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.stereotype.Component;

import io.vireo.engine.boot.KernelImage;

/** What the engine boots directly: a file is checked to be a RISC-V kernel before the library takes it as one. */
@Component
public class KernelFiles {

    /** Throws, saying why, unless {@code file} starts with a RISC-V kernel Image header the engine boots. */
    public void check(Path file) throws IOException {
        KernelImage.check(file);
    }
}
