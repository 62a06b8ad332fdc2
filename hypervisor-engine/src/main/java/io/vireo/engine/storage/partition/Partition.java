package io.vireo.engine.storage.partition;

/** Partition {@code number} (from 1, as Linux numbers them) of a disk: {@code length} bytes from byte {@code start}. */
public record Partition(int number, long start, long length) {
}
