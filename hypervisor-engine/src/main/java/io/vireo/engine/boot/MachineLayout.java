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
    public static final int VIRTIO_SLOTS = 8;
    public static final long RAM_BASE = 0x8000_0000L;

    public static final int UART_IRQ = 10;
    public static final int RTC_IRQ = 11;
    /** virtio-mmio slot {@code i} raises PLIC source {@code VIRTIO_IRQ_BASE + i}. */
    public static final int VIRTIO_IRQ_BASE = 1;
    public static final int PLIC_SOURCES = 31;

    public static final int MAX_HARTS = 8;
}
