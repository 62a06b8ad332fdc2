package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The qcow2 header (cluster 0): every field big-endian, validated here once so the rest of the code can
 * trust it. Sizes are checked against the file before anything is allocated from them.
 */
public record Qcow2Header(
        int version,
        int clusterBits,
        long size,
        int l1Size,
        long l1TableOffset,
        long refcountTableOffset,
        int refcountTableClusters,
        int nbSnapshots,
        long snapshotsOffset,
        long incompatibleFeatures,
        long compatibleFeatures,
        long autoclearFeatures,
        int refcountOrder,
        Optional<String> backingFile,
        Optional<String> backingFormat,
        List<HeaderExtension> otherExtensions) {

    static final int MAGIC = 0x514649fb;
    static final int V3_HEADER_LENGTH = 112;
    static final int V2_HEADER_LENGTH = 72;
    static final long INCOMPAT_DIRTY = 1L;
    static final long INCOMPAT_CORRUPT = 1L << 1;
    static final long INCOMPAT_DATA_FILE = 1L << 2;
    static final long INCOMPAT_COMPRESSION = 1L << 3;
    static final long INCOMPAT_EXTENDED_L2 = 1L << 4;
    static final long INCOMPAT_KNOWN = INCOMPAT_DIRTY | INCOMPAT_CORRUPT | INCOMPAT_DATA_FILE
            | INCOMPAT_COMPRESSION | INCOMPAT_EXTENDED_L2;
    static final int MIN_CLUSTER_BITS = 9;
    static final int MAX_CLUSTER_BITS = 21;
    /** QEMU's own limits: larger tables are refused before any allocation. */
    static final long MAX_L1_BYTES = 32L << 20;
    static final long MAX_REFTABLE_BYTES = 8L << 20;
    static final int MAX_BACKING_NAME = 1023;
    static final int MAX_SNAPSHOTS = 65536;

    /** Byte offsets of the fields that change after creation. */
    static final int OFFSET_SIZE = 24;
    static final int OFFSET_REFTABLE = 48;

    public int clusterSize() {
        return 1 << clusterBits;
    }

    /** Virtual bytes one L2 table maps. */
    public long bytesPerL2() {
        return 1L << (2 * clusterBits - 3);
    }

    public static long l1EntriesFor(long size, int clusterBits) {
        return Math.ceilDiv(size, 1L << (2 * clusterBits - 3));
    }

    public boolean dirty() {
        return (incompatibleFeatures & INCOMPAT_DIRTY) != 0;
    }

    public boolean corrupt() {
        return (incompatibleFeatures & INCOMPAT_CORRUPT) != 0;
    }

    /** Reads and validates the header of an open image file; {@code name} prefixes errors. */
    static Qcow2Header read(FileChannel ch, String name) throws IOException {
        long fileSize = ch.size();
        int probe = (int) Math.min(fileSize, 1 << MAX_CLUSTER_BITS);
        ByteBuffer buf = ByteBuffer.allocate(Math.max(probe, 0));
        ChannelIo.readFully(ch, buf, 0, name + ": header");
        buf.flip();
        if (buf.remaining() >= 24) {
            int bits = buf.getInt(20);
            if (bits >= MIN_CLUSTER_BITS && bits <= MAX_CLUSTER_BITS) {
                buf.limit(Math.min(buf.limit(), 1 << bits));
            }
        }
        return parse(buf, fileSize, name);
    }

    /** Parses and validates cluster 0 of a file of {@code fileSize} bytes; {@code name} prefixes errors. */
    public static Qcow2Header parse(ByteBuffer cluster0, long fileSize, String name) throws ImageException {
        ByteBuffer b = cluster0.duplicate().order(ByteOrder.BIG_ENDIAN);
        if (b.remaining() < V2_HEADER_LENGTH || b.getInt(0) != MAGIC) {
            throw new ImageException(name + ": not a qcow2 image (bad magic)");
        }
        int version = b.getInt(4);
        if (version != 2 && version != 3) {
            throw new ImageException(name + ": unsupported qcow2 version " + version);
        }
        long backingOffset = b.getLong(8);
        int backingSize = b.getInt(16);
        int clusterBits = b.getInt(20);
        if (clusterBits < MIN_CLUSTER_BITS || clusterBits > MAX_CLUSTER_BITS) {
            throw new ImageException(name + ": cluster size 2^" + clusterBits + " is outside 512 B .. 2 MiB");
        }
        int clusterSize = 1 << clusterBits;
        long size = b.getLong(24);
        int cryptMethod = b.getInt(32);
        if (cryptMethod != 0) {
            throw new ImageException(name + ": encrypted qcow2 images are not supported");
        }
        int l1Size = b.getInt(36);
        long l1Offset = b.getLong(40);
        long reftableOffset = b.getLong(48);
        int reftableClusters = b.getInt(56);
        int nbSnapshots = b.getInt(60);
        long snapshotsOffset = b.getLong(64);
        long incompatible = 0;
        long compatible = 0;
        long autoclear = 0;
        int refcountOrder = 4;
        int headerLength = V2_HEADER_LENGTH;
        int compressionType = 0;
        if (version == 3) {
            if (b.remaining() < 104) {
                throw new ImageException(name + ": truncated qcow2 v3 header");
            }
            incompatible = b.getLong(72);
            compatible = b.getLong(80);
            autoclear = b.getLong(88);
            refcountOrder = b.getInt(96);
            headerLength = b.getInt(100);
            if (headerLength < 104 || headerLength > clusterSize || headerLength > b.limit()) {
                throw new ImageException(name + ": header length " + headerLength + " is invalid");
            }
            if (headerLength > 104) {
                compressionType = b.get(104) & 0xff;
            }
        }
        checkFeatures(name, incompatible, compressionType);
        if (refcountOrder < 0 || refcountOrder > 6) {
            throw new ImageException(name + ": refcount order " + refcountOrder + " is invalid");
        }
        if (size < 0) {
            throw new ImageException(name + ": negative virtual size");
        }
        long l1Needed = l1EntriesFor(size, clusterBits);
        if (l1Needed * 8 > MAX_L1_BYTES) {
            throw new ImageException(name + ": virtual size " + size + " is too large for a "
                    + clusterSize + "-byte cluster size");
        }
        if (l1Size < l1Needed || (long) l1Size * 8 > MAX_L1_BYTES) {
            throw new ImageException(name + ": L1 table size " + Integer.toUnsignedString(l1Size)
                    + " does not fit virtual size " + size);
        }
        checkTable(name, "L1 table", l1Offset, (long) l1Size * 8, clusterSize, fileSize);
        if (reftableClusters <= 0 || (long) reftableClusters * clusterSize > MAX_REFTABLE_BYTES) {
            throw new ImageException(name + ": refcount table of " + Integer.toUnsignedString(reftableClusters)
                    + " clusters is invalid");
        }
        checkTable(name, "refcount table", reftableOffset, (long) reftableClusters * clusterSize, clusterSize, fileSize);
        if (nbSnapshots < 0 || nbSnapshots > MAX_SNAPSHOTS) {
            throw new ImageException(name + ": snapshot count " + Integer.toUnsignedString(nbSnapshots) + " is invalid");
        }
        List<HeaderExtension> extensions = readExtensions(b, headerLength, clusterSize, name);
        Optional<String> backingFile = readBackingName(b, backingOffset, backingSize, clusterSize, name);
        Optional<String> backingFormat = extensions.stream()
                .filter(e -> e.type() == HeaderExtension.BACKING_FORMAT)
                .map(e -> new String(e.data(), StandardCharsets.UTF_8))
                .findFirst();
        List<HeaderExtension> others = extensions.stream()
                .filter(e -> e.type() != HeaderExtension.BACKING_FORMAT)
                .toList();
        return new Qcow2Header(version, clusterBits, size, l1Size, l1Offset, reftableOffset, reftableClusters,
                nbSnapshots, snapshotsOffset, incompatible, compatible, autoclear, refcountOrder,
                backingFile, backingFormat, others);
    }

    private static void checkFeatures(String name, long incompatible, int compressionType) throws ImageException {
        long unknown = incompatible & ~INCOMPAT_KNOWN;
        if (unknown != 0) {
            throw new ImageException(name + ": unsupported qcow2 incompatible feature bits 0x" + Long.toHexString(unknown));
        }
        if ((incompatible & INCOMPAT_DATA_FILE) != 0) {
            throw new ImageException(name + ": qcow2 images with an external data file are not supported");
        }
        if ((incompatible & INCOMPAT_EXTENDED_L2) != 0) {
            throw new ImageException(name + ": qcow2 images with extended L2 entries (subclusters) are not supported");
        }
        if ((incompatible & INCOMPAT_COMPRESSION) != 0 && compressionType != 0) {
            throw new ImageException(name + ": qcow2 compression type " + compressionType
                    + " (zstd) is not supported; only zlib");
        }
    }

    private static void checkTable(String name, String what, long offset, long bytes, int clusterSize, long fileSize)
            throws ImageException {
        if (bytes == 0) {
            return;
        }
        if (offset <= 0 || (offset & (clusterSize - 1)) != 0) {
            throw new ImageException(name + ": " + what + " offset " + offset + " is not a valid cluster offset");
        }
        if (offset > fileSize || bytes > fileSize - offset) {
            throw new ImageException(name + ": " + what + " at offset " + offset + " (" + bytes
                    + " bytes) lies past the end of the " + fileSize + "-byte file");
        }
    }

    private static List<HeaderExtension> readExtensions(ByteBuffer b, int start, int clusterSize, String name)
            throws ImageException {
        List<HeaderExtension> list = new ArrayList<>();
        int end = Math.min(clusterSize, b.limit());
        int pos = start;
        while (pos + 8 <= end) {
            int type = b.getInt(pos);
            long length = Integer.toUnsignedLong(b.getInt(pos + 4));
            if (type == HeaderExtension.END) {
                return list;
            }
            if (length > end - pos - 8) {
                throw new ImageException(name + ": header extension 0x" + Integer.toHexString(type)
                        + " runs past the first cluster");
            }
            byte[] data = new byte[(int) length];
            b.get(pos + 8, data);
            list.add(new HeaderExtension(type, data));
            pos += 8 + (int) ((length + 7) & ~7L);
        }
        return list;
    }

    private static Optional<String> readBackingName(ByteBuffer b, long offset, int size, int clusterSize, String name)
            throws ImageException {
        if (offset == 0) {
            return Optional.empty();
        }
        if (size <= 0 || size > MAX_BACKING_NAME || offset < 0 || offset + size > Math.min(clusterSize, b.limit())) {
            throw new ImageException(name + ": backing file name (offset " + offset + ", " + size
                    + " bytes) is invalid");
        }
        byte[] raw = new byte[size];
        b.get((int) offset, raw);
        String s = new String(raw, StandardCharsets.UTF_8);
        if (s.indexOf('\0') >= 0) {
            throw new ImageException(name + ": backing file name contains a NUL byte");
        }
        return Optional.of(s);
    }

    /** Encodes this header with its extensions and backing name into one cluster (version 3 layout). */
    public ByteBuffer encode() throws ImageException {
        int clusterSize = clusterSize();
        ByteBuffer b = ByteBuffer.allocate(clusterSize).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0, MAGIC);
        b.putInt(4, version);
        b.putInt(20, clusterBits);
        b.putLong(24, size);
        b.putInt(36, l1Size);
        b.putLong(40, l1TableOffset);
        b.putLong(48, refcountTableOffset);
        b.putInt(56, refcountTableClusters);
        b.putInt(60, nbSnapshots);
        b.putLong(64, snapshotsOffset);
        int pos;
        if (version == 3) {
            b.putLong(72, incompatibleFeatures);
            b.putLong(80, compatibleFeatures);
            b.putLong(88, autoclearFeatures);
            b.putInt(96, refcountOrder);
            b.putInt(100, V3_HEADER_LENGTH);
            pos = V3_HEADER_LENGTH;
        } else {
            pos = V2_HEADER_LENGTH;
        }
        List<HeaderExtension> all = new ArrayList<>();
        backingFormat.ifPresent(f -> all.add(new HeaderExtension(HeaderExtension.BACKING_FORMAT,
                f.getBytes(StandardCharsets.UTF_8))));
        all.addAll(otherExtensions);
        for (HeaderExtension e : all) {
            int padded = (e.data().length + 7) & ~7;
            requireRoom(pos + 8 + padded + 8, clusterSize);
            b.putInt(pos, e.type());
            b.putInt(pos + 4, e.data().length);
            b.put(pos + 8, e.data());
            pos += 8 + padded;
        }
        pos += 8; // end-of-extensions marker (zeros)
        if (backingFile.isPresent()) {
            byte[] name = backingFile.get().getBytes(StandardCharsets.UTF_8);
            if (name.length > MAX_BACKING_NAME) {
                throw new ImageException("backing file name is longer than " + MAX_BACKING_NAME + " bytes");
            }
            requireRoom(pos + name.length, clusterSize);
            b.putLong(8, pos);
            b.putInt(16, name.length);
            b.put(pos, name);
        }
        return b;
    }

    private static void requireRoom(int needed, int clusterSize) throws ImageException {
        if (needed > clusterSize) {
            throw new ImageException("qcow2 header, extensions and backing file name do not fit in one "
                    + clusterSize + "-byte cluster");
        }
    }

    public Qcow2Header withBacking(Optional<String> file, Optional<String> format) {
        return new Qcow2Header(version, clusterBits, size, l1Size, l1TableOffset, refcountTableOffset,
                refcountTableClusters, nbSnapshots, snapshotsOffset, incompatibleFeatures, compatibleFeatures,
                autoclearFeatures, refcountOrder, file, format, otherExtensions);
    }

    public Qcow2Header withSizeAndL1(long newSize, int newL1Size, long newL1Offset) {
        return new Qcow2Header(version, clusterBits, newSize, newL1Size, newL1Offset, refcountTableOffset,
                refcountTableClusters, nbSnapshots, snapshotsOffset, incompatibleFeatures, compatibleFeatures,
                autoclearFeatures, refcountOrder, backingFile, backingFormat, otherExtensions);
    }

    /** Writers must clear autoclear bits they do not maintain (bitmaps, raw external data). */
    public Qcow2Header withAutoclearCleared() {
        return new Qcow2Header(version, clusterBits, size, l1Size, l1TableOffset, refcountTableOffset,
                refcountTableClusters, nbSnapshots, snapshotsOffset, incompatibleFeatures, compatibleFeatures,
                0, refcountOrder, backingFile, backingFormat, otherExtensions);
    }
}
