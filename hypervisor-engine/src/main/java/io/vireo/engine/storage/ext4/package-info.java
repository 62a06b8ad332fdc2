/**
 * A read-only reader of ext2, ext3 and ext4 filesystems over a {@link io.vireo.engine.storage.BlockDevice}
 * (so through any qcow2 chain): superblock, group descriptors, inodes, extent trees and the old block map,
 * directories read linearly, symlinks. Enough to boot from a disk; it never writes.
 */
package io.vireo.engine.storage.ext4;
