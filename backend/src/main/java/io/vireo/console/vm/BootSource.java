package io.vireo.console.vm;

/** What a VM boots from. */
public enum BootSource {
    /** Its first disk. */
    DISK,
    /** An ISO or kernel image from a datastore. */
    IMAGE,
    /** A copy of a template's disk. */
    TEMPLATE
}
