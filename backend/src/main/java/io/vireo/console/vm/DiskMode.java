package io.vireo.console.vm;

/** How a new VM's disk is made from a frozen file (a snapshot's, a template's, a disk image). */
public enum DiskMode {
    /** A standalone copy: the chain flattened into one file of the VM's own. */
    FULL,
    /** A delta over the frozen file, which the VM then stands on: made at once, and small until the VM writes. */
    LINKED
}
