package io.vireo.engine.boot;

/** Where things sit in the guest-physical address space (the shape of QEMU's virt machine). */
public final class MachineLayout {
    private MachineLayout() {
    }

    public static final long RTC_BASE = 0x0010_1000L;
    public static final long PLIC_BASE = 0x0C00_0000L;
    public static final long UART_BASE = 0x1000_0000L;
    public static final long VIRTIO_BASE = 0x1000_1000L;
    public static final long VIRTIO_STRIDE = 0x1000L;
    /** QEMU's virt machine has 8; a VM with a screen, input, entropy and a balloon needs more for its disks and NICs. */
    public static final int VIRTIO_SLOTS = 16;
    public static final long RAM_BASE = 0x8000_0000L;

    public static final int UART_IRQ = 10;
    public static final int RTC_IRQ = 11;
    private static final int VIRTIO_IRQ_BASE = 1;
    /** Where the slots past QEMU's eight take their interrupts: above the serial port's and the RTC's. */
    private static final int VIRTIO_IRQ_HIGH_BASE = 12;
    public static final int PLIC_SOURCES = 31;

    public static final int MAX_HARTS = 8;

    /** The PLIC source virtio-mmio slot {@code slot} raises: 1..8 for the first eight, as on QEMU's virt machine. */
    public static int virtioIrq(int slot) {
        if (slot < 0 || slot >= VIRTIO_SLOTS) {
            throw new IllegalArgumentException("no virtio slot " + slot);
        }
        return slot < 8 ? VIRTIO_IRQ_BASE + slot : VIRTIO_IRQ_HIGH_BASE + slot - 8;
    }
}
