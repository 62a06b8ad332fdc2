package io.vireo.console.vm;

/** How a disk is attached to its VM: virtio-blk, the only disk device the engine has. */
public enum DiskBus {
    VIRTIO
}
