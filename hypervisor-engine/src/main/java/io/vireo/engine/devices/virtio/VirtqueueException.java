package io.vireo.engine.devices.virtio;

/** A driver broke the virtqueue protocol (bad descriptor, loop, address outside RAM). */
public final class VirtqueueException extends Exception {
    public VirtqueueException(String message) {
        super(message);
    }
}
