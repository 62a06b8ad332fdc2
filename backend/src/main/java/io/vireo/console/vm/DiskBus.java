package io.vireo.console.vm;

public enum DiskBus {
    VIRTIO, SCSI, SATA
}
