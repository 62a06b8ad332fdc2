package io.vireo.engine.devices;

/**
 * A device register window on the guest-physical bus. Offsets are relative to the window's base;
 * widths are 1, 2, 4 or 8 bytes. A device never throws for a guest's odd access: unknown registers
 * read as zero and ignore writes, as on real hardware.
 */
public interface MmioDevice {
    /** Size of the register window in bytes. */
    long size();

    long read(long offset, int width);

    void write(long offset, int width, long value);
}
