/** Partition tables (GPT and MBR) read from a {@link io.vireo.engine.storage.BlockDevice}, bounds-checked. */
package io.vireo.engine.storage.partition;
