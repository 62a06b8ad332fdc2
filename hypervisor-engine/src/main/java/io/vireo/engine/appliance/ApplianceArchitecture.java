package io.vireo.engine.appliance;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The instruction set an appliance's kernel and busybox are built for. Everything architecture-specific in a
 * build is named here, so one recipe serves every architecture: the Debian architecture whose packages are read
 * (it is also the name of Debian's kernel flavour for it, {@code linux-image-<debian>}), and the file the kernel
 * is stored in beside the initramfs.
 *
 * <p>Only riscv64 runs on Vireo's embedded engine; an x86-64 appliance is for hosts that run QEMU for that
 * architecture (libvirt), booted directly from its kernel and initramfs.
 */
public enum ApplianceArchitecture {
    /**
     * Debian's kernel is an uncompressed RISC-V {@code Image}; virtio devices sit on virtio-mmio, a module, and
     * {@code earlycon=sbi} shows early boot through the SBI debug console before the serial driver starts.
     */
    RISCV64("riscv64", "riscv64", "Image", List.of("virtio_mmio"), "earlycon=sbi"),
    /** Debian's kernel is a {@code bzImage}; virtio-pci, the 8250 serial port and virtio_console are built in. */
    X86_64("x86_64", "amd64", "bzImage", List.of(), "");

    private final String label;
    private final String debian;
    private final String kernelFile;
    private final List<String> virtioTransport;
    private final String earlyConsole;

    ApplianceArchitecture(String label, String debian, String kernelFile, List<String> virtioTransport,
                          String earlyConsole) {
        this.label = label;
        this.debian = debian;
        this.kernelFile = kernelFile;
        this.virtioTransport = virtioTransport;
        this.earlyConsole = earlyConsole;
    }

    /** The name Linux ({@code uname -m}), QEMU and libvirt give it: {@code riscv64}, {@code x86_64}. */
    public String label() {
        return label;
    }

    /** Debian's name, as in {@code APT::Architecture} and {@code binary-<debian>}: {@code riscv64}, {@code amd64}. */
    public String debian() {
        return debian;
    }

    /** The kernel's file name in a built appliance's directory. */
    String kernelFile() {
        return kernelFile;
    }

    /** The modules that put virtio devices on the machine's bus, loaded before any virtio driver. */
    List<String> virtioTransport() {
        return virtioTransport;
    }

    /**
     * The kernel's consoles: {@code console=tty0 console=ttyS0} sends kernel messages to the screen and the serial
     * port, and the last one, the serial port, becomes {@code /dev/console}; then any early console.
     */
    String consoles() {
        return earlyConsole.isEmpty() ? "console=tty0 console=ttyS0" : "console=tty0 console=ttyS0 " + earlyConsole;
    }

    /** The architecture of that {@link #label}, if any. */
    static Optional<ApplianceArchitecture> labelled(String label) {
        return Arrays.stream(values()).filter(a -> a.label.equals(label)).findFirst();
    }
}
