package io.vireo.console.vm;

public enum NicModel {
    VIRTIO, E1000
}
