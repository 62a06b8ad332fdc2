package io.vireo.console.vm;

/** How a VM's disk file is laid out. New disks are qcow2 (thin, snapshot-able); raw ones stay readable. */
public enum DiskFormat {
    RAW("raw"),
    QCOW2("qcow2");

    private final String extension;

    DiskFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }
}
