package io.vireo.console.snapshot;

/**
 * One disk's chain as the VM page shows it: the file the VM writes now, the room it takes, how many files a read
 * may walk through, and whether that is more than the configured depth.
 */
public record DiskChainView(int position, String file, long sizeBytes, int depth, boolean tooDeep) {
}
