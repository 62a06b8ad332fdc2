/**
 * Virtual disks. A disk is a chain of images: a base (raw or qcow2) and qcow2 deltas whose backing file is
 * the previous link. {@link io.vireo.engine.storage.chain.DiskChain#open} turns a chain into the
 * {@link io.vireo.engine.storage.BlockDevice} a disk controller uses; {@code chain.ChainOperations} holds
 * snapshot, commit, flatten, rebase, grow, info and check. Formats live in {@code raw}, {@code qcow2} and
 * {@code vmdk}; QEMU ({@code qemu-img}) is the interoperability oracle in the tests.
 */
package io.vireo.engine.storage;
