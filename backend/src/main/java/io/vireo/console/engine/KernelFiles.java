package io.vireo.console.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.vireo.engine.boot.KernelImage;

/**
 * What the engine boots directly: a file is checked to be a RISC-V kernel before the library takes it as one. A
 * kernel's header also tells the guest architecture a VM booting it has (an x86-64 one runs on libvirt hosts only).
 */
@Component
public class KernelFiles {
    /** Where the x86 boot protocol's setup header keeps its magic. */
    private static final int X86_MAGIC_AT = 0x202;

    /** Throws, saying why, unless {@code file} starts with a RISC-V kernel Image header the engine boots. */
    public void check(Path file) throws IOException {
        KernelImage.check(file);
    }

    /**
     * The architecture of the kernel in {@code file} as Linux names it: {@code x86_64} for an x86 boot protocol image
     * ({@code HdrS} at 0x202), {@code riscv64} for a RISC-V Image; empty for anything else or an unreadable file.
     */
    public Optional<String> architectureOf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(X86_MAGIC_AT + 4);
            if (header.length == X86_MAGIC_AT + 4 && new String(header, X86_MAGIC_AT, 4, StandardCharsets.US_ASCII)
                    .equals("HdrS")) {
                return Optional.of("x86_64");
            }
            KernelImage.check(file);
            return Optional.of("riscv64");
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
