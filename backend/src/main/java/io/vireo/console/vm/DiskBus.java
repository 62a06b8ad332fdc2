package io.vireo.console.vm;

/**
 * How a disk is attached to its VM. SATA, IDE and NVMe are PCI(e) controllers, which the engine's virtio-mmio
 * machine does not have.
 */
public enum DiskBus {
    /** virtio-blk, {@code /dev/vdX}: a VM that boots from its disk boots from the first of these. */
    VIRTIO,
    /**
     * A disk on the VM's virtio SCSI controller (the one holding its CD-ROM drive), {@code /dev/sdX}. The engine's
     * snapshots and disk swaps cover only virtio-blk disks, so a VM with one is not snapshotted, cloned or made a
     * template.
     */
    SCSI
}
