package io.vireo.console.vm;

/** The device a NIC appears as in the guest: the engine has virtio-net only. */
public enum NicModel {
    VIRTIO
}
