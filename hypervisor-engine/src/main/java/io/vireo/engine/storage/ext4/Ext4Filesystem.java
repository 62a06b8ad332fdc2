package io.vireo.engine.storage.ext4;

import io.vireo.engine.storage.BlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A read-only ext2, ext3 or ext4 filesystem on a range of a disk: enough to find files by path (following
 * symlinks) and read them whole, the way a boot loader reads {@code /boot}. Everything read from the disk
 * is distrusted; a malformed or hostile filesystem ends in a {@link FilesystemException} naming the volume.
 */
public final class Ext4Filesystem {
    private static final long ROOT = 2;
    /** Linux's limit on symlinks followed in one lookup. */
    private static final int MAX_SYMLINKS = 40;
    private static final int MAX_DIRECTORY = 64 << 20;
    private static final int MAX_SYMLINK = 4096;

    private final Volume volume;
    private final Superblock superblock;

    private Ext4Filesystem(Volume volume, Superblock superblock) {
        this.volume = volume;
        this.superblock = superblock;
    }

    /**
     * The filesystem on {@code length} bytes of {@code disk} from byte {@code start}; {@code name} names that
     * volume in every message ("disk 1, partition 2").
     */
    public static Ext4Filesystem open(BlockDevice disk, long start, long length, String name) throws IOException {
        Volume volume = new Volume(disk, start, length, name);
        Superblock superblock = Superblock.parse(volume.bytes(Superblock.OFFSET, Superblock.SIZE), name);
        volume.useBlockSize(superblock.blockSize());
        if (superblock.inodesCount() > superblock.groupCount() * superblock.inodesPerGroup()) {
            throw new FilesystemException(name + ": more inodes (" + superblock.inodesCount() + ") than its groups hold");
        }
        return new Ext4Filesystem(volume, superblock);
    }

    /** Whether {@code length} bytes of {@code disk} from {@code start} begin with an ext2/3/4 superblock. */
    public static boolean present(BlockDevice disk, long start, long length) throws IOException {
        if (length < Superblock.OFFSET + Superblock.SIZE) {
            return false;
        }
        ByteBuffer magic = ByteBuffer.allocate(2);
        disk.read(start + Superblock.OFFSET + 0x38, magic);
        return ((magic.get(0) & 0xFF) | (magic.get(1) & 0xFF) << 8) == Superblock.MAGIC;
    }

    public UUID uuid() {
        return superblock.uuid();
    }

    /** "ext2", "ext3" or "ext4", as its features say. */
    public String kind() {
        return superblock.kind();
    }

    public String name() {
        return volume.name();
    }

    /** Whether {@code path} (absolute, symlinks followed) names a regular file. */
    public boolean isFile(String path) throws IOException {
        return find(path).filter(Inode::isRegularFile).isPresent();
    }

    /** The names in directory {@code path} (without "." and ".."); empty when there is no such directory. */
    public List<String> list(String path) throws IOException {
        Optional<Inode> directory = find(path).filter(Inode::isDirectory);
        if (directory.isEmpty()) {
            return List.of();
        }
        return entries(directory.get(), path).stream().map(DirectoryEntry::name)
                .filter(n -> !n.equals(".") && !n.equals("..")).toList();
    }

    /** The whole of regular file {@code path}, refused when it is missing or over {@code maxBytes}. */
    public byte[] read(String path, int maxBytes) throws IOException {
        Inode inode = find(path).orElseThrow(() -> new FilesystemException(volume.name() + " has no " + path));
        if (!inode.isRegularFile()) {
            throw new FilesystemException(volume.name() + ": " + path + " is not a regular file");
        }
        if (inode.size() > maxBytes) {
            throw new FilesystemException("%s: %s is %d MiB, more than the %d MiB allowed"
                    .formatted(volume.name(), path, inode.size() >> 20, maxBytes >> 20));
        }
        return contents(inode, path);
    }

    /** The inode {@code path} leads to, following every symlink on the way and at its end. */
    private Optional<Inode> find(String path) throws IOException {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + path);
        }
        Deque<String> remaining = components(path);
        Inode current = inode(ROOT);
        int symlinks = 0;
        while (!remaining.isEmpty()) {
            String name = remaining.removeFirst();
            if (!current.isDirectory()) {
                return Optional.empty();
            }
            Optional<DirectoryEntry> entry = entries(current, path).stream().filter(e -> e.name().equals(name)).findFirst();
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            Inode next = inode(entry.get().inode());
            if (!next.isSymlink()) {
                current = next;
                continue;
            }
            if (++symlinks > MAX_SYMLINKS) {
                throw new FilesystemException("%s: more than %d symlinks met looking up %s (a loop?)"
                        .formatted(volume.name(), MAX_SYMLINKS, path));
            }
            String target = symlinkTarget(next, path);
            Deque<String> expanded = components(target);
            expanded.addAll(remaining);
            remaining = expanded;
            if (target.startsWith("/")) {
                current = inode(ROOT);
            }
        }
        return Optional.of(current);
    }

    private static Deque<String> components(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    private String symlinkTarget(Inode link, String path) throws IOException {
        if (link.size() > MAX_SYMLINK) {
            throw new FilesystemException("%s: a symlink on the way to %s is %d bytes long"
                    .formatted(volume.name(), path, link.size()));
        }
        byte[] target = link.isFastSymlink() ? Arrays.copyOf(link.blockArea(), (int) link.size()) : contents(link, path);
        return new String(target, StandardCharsets.UTF_8);
    }

    private List<DirectoryEntry> entries(Inode directory, String path) throws IOException {
        if (directory.size() > MAX_DIRECTORY) {
            throw new FilesystemException("%s: a directory on the way to %s is %d MiB"
                    .formatted(volume.name(), path, directory.size() >> 20));
        }
        return DirectoryEntry.parse(contents(directory, path), superblock.blockSize(),
                superblock.has(Superblock.INCOMPAT_FILETYPE), volume.name() + " (inode " + directory.number() + ")");
    }

    private Inode inode(long number) throws IOException {
        if (number < 1 || number > superblock.inodesCount()) {
            throw new FilesystemException(volume.name() + ": a directory names inode " + number + ", which does not exist");
        }
        long group = (number - 1) / superblock.inodesPerGroup();
        long index = (number - 1) % superblock.inodesPerGroup();
        long table = inodeTable(group);
        long offset = volume.blockOffset(table, Math.ceilDiv((index + 1) * superblock.inodeSize(), superblock.blockSize()))
                + index * superblock.inodeSize();
        return Inode.parse(number, volume.bytes(offset, 128));
    }

    /** The first block of group {@code group}'s inode table, from its group descriptor. */
    private long inodeTable(long group) throws IOException {
        long descriptors = volume.blockOffset(superblock.firstDataBlock() + 1, 0);
        ByteBuffer d = volume.bytes(descriptors + group * superblock.descriptorSize(), superblock.descriptorSize());
        long table = d.getInt(0x08) & 0xFFFFFFFFL;
        if (superblock.has(Superblock.INCOMPAT_64BIT)) {
            table |= (d.getInt(0x28) & 0xFFFFFFFFL) << 32;
        }
        return table;
    }

    /** A file's bytes: holes and uninitialized extents read as zeros. */
    private byte[] contents(Inode inode, String path) throws IOException {
        String unreadable = inode.unreadable();
        if (unreadable != null) {
            throw new FilesystemException("%s: inode %d on the way to %s %s, which this reader does not support"
                    .formatted(volume.name(), inode.number(), path, unreadable));
        }
        // Holes could make a file larger than its volume, but never a kernel, a configuration or a directory:
        // refusing one keeps what a hostile size makes this allocate to the volume's size.
        if (inode.size() > volume.length()) {
            throw new FilesystemException("%s: inode %d on the way to %s claims %d bytes, more than its whole volume"
                    .formatted(volume.name(), inode.number(), path, inode.size()));
        }
        byte[] data = new byte[(int) inode.size()];
        int blockSize = superblock.blockSize();
        long blocks = Math.ceilDiv(inode.size(), blockSize);
        long[] copied = {0};
        ExtentTree.Sink copy = (logical, physical, count) -> {
            if (logical >= blocks) {
                return;
            }
            long wanted = Math.min(count, blocks - logical);
            copied[0] += wanted;
            if (copied[0] > blocks) {
                throw new FilesystemException("%s: inode %d maps more blocks than its %d bytes (overlapping extents)"
                        .formatted(volume.name(), inode.number(), inode.size()));
            }
            long from = volume.blockOffset(physical, wanted);
            int at = (int) (logical * blockSize);
            volume.read(from, data, at, (int) Math.min(wanted * blockSize, data.length - at));
        };
        if (inode.usesExtents()) {
            ExtentTree.walk(volume, inode, (int) Math.min(Integer.MAX_VALUE, blocks + 64), copy);
        } else {
            BlockMap.walk(volume, inode, blocks, copy);
        }
        return data;
    }
}
