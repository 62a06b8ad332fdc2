package io.vireo.engine.devices.virtio;

import java.nio.ByteBuffer;

/**
 * One kind of virtio device (block, entropy, balloon, …) behind a {@link VirtioMmioTransport}. The
 * transport owns feature negotiation, queue set-up and interrupts; a device only describes itself and
 * serves its queues.
 */
public interface VirtioDevice {
    /** The virtio device ID (2 block, 4 entropy, 5 balloon, …). */
    int deviceId();

    /** Device-specific feature bits offered (the transport adds VERSION_1 and EVENT_IDX). */
    long features();

    int queueCount();

    /** The largest size the driver may give queue {@code index}. */
    default int queueMaxSize(int index) {
        return 256;
    }

    /** Reads the device-specific configuration space (offset relative to 0x100). */
    long readConfig(int offset, int width);

    /**
     * A {@link #readConfig} answer from a device's configuration space laid out in {@code space} (little-endian):
     * the {@code width}-byte field at {@code offset}, or 0 for a read outside it, which a driver may try.
     */
    static long readField(ByteBuffer space, int offset, int width) {
        if (offset < 0 || offset + width > space.capacity()) {
            return 0;
        }
        return switch (width) {
            case 1 -> space.get(offset) & 0xFF;
            case 2 -> space.getShort(offset) & 0xFFFF;
            case 4 -> space.getInt(offset) & 0xFFFFFFFFL;
            default -> space.getLong(offset);
        };
    }

    default void writeConfig(int offset, int width, long value) {
    }

    /** The driver set DRIVER_OK: the device may now serve {@code queues} and raise interrupts through {@code host}. */
    void activate(VirtQueue[] queues, DeviceHost host);

    /** The driver notified queue {@code index}; called on the notifying hart's thread, so keep it short. */
    void queueNotify(int index);

    /** The driver reset the device (status 0) or the machine stops: drop all queue state and work. */
    void reset();

    /**
     * Stops the device's work for a saved machine, as {@link #reset} does, and answers what the device holds
     * beyond its queues (fixed-width fields only it reads back; empty for block and entropy, whose state is
     * their queues once a request in flight has finished).
     */
    default long[] quiesce() {
        reset();
        return new long[0];
    }

    /**
     * Takes the fields {@link #quiesce} answered, from a saved machine, after the transport restored
     * {@code queues} and before it activates the device. The fields are untrusted input.
     *
     * @throws IllegalArgumentException naming what does not fit the device
     */
    default void restoreState(long[] fields, VirtQueue[] queues) {
        if (fields.length != 0) {
            throw new IllegalArgumentException(fields.length + " fields of device state; the device has none");
        }
    }

    /** What the transport offers an active device. */
    interface DeviceHost {
        /** Buffers were returned on a queue: interrupt the driver if it asked to be told. */
        void usedBuffers(VirtQueue queue);

        /** The configuration space changed. */
        void configChanged();

        /** The driver broke the protocol (a bad descriptor chain): mark the device as needing a reset. */
        void needsReset(String reason);

        /** The feature bits the driver accepted (fixed once the device is active). */
        long driverFeatures();
    }
}
