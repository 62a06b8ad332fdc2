package io.vireo.console.vm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The instruction set a VM's guest runs. The embedded engine emulates riscv64 only; a VM of another architecture
 * (imported from another hypervisor) is kept faithfully and needs a host that runs its architecture.
 */
public enum GuestArchitecture {
    RISCV64("riscv64"),
    X86_64("x86_64"),
    AARCH64("aarch64");

    private final String label;

    GuestArchitecture(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** By the name Linux and QEMU use ({@code x86_64}, {@code riscv64}); {@code amd64} and {@code arm64} too. */
    public static Optional<GuestArchitecture> named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        String canonical = switch (n) {
            case "amd64", "x64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> n;
        };
        return Arrays.stream(values()).filter(a -> a.label.equals(canonical)).findFirst();
    }
}
