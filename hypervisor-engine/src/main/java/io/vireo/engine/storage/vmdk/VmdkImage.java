package io.vireo.engine.storage.vmdk;

import io.vireo.engine.storage.Allocation;
import io.vireo.engine.storage.Bounds;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A monolithicSparse or streamOptimized VMDK (or one sparse extent of a split one), read-only: Vireo imports
 * these (OVA) and writes its own with {@link StreamOptimizedWriter}, but never runs a guest on one. A grain table
 * entry of 0 is a grain the file does not hold (a snapshot delta's parent has it), 1 a grain of zeros.
 */
public final class VmdkImage extends ReadOnlyVmdk {
    private static final int CACHED_TABLES = 64;

    private final String name;
    private final FileChannel ch;
    private final VmdkHeader header;
    private final int[] directory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, int[]> tables = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, int[]> eldest) {
            return size() > CACHED_TABLES;
        }
    };
    private final byte[] grain;
    private long cachedGrain = -1;

    private VmdkImage(Path path, FileChannel ch, VmdkHeader header, int[] directory, Optional<DiskImage> parent) {
        super(path, parent);
        this.name = path.toString();
        this.ch = ch;
        this.header = header;
        this.directory = directory;
        this.grain = new byte[(int) header.grainBytes()];
    }

    /** One sparse file that stands alone, or an extent of a descriptor (which holds the parent, if any). */
    public static VmdkImage open(Path path, boolean readOnly) throws IOException {
        return open(path, readOnly, null);
    }

    /**
     * As {@link #open(Path, boolean)}; the parent its embedded descriptor names is opened through {@code parents}
     * (not at all when that is null).
     */
    static VmdkImage open(Path path, boolean readOnly, ParentResolver parents) throws IOException {
        if (!readOnly) {
            throw new ImageException(path + ": VMDK images can only be opened read-only; convert the disk to"
                    + " qcow2 (disk flatten) to run it");
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            String name = path.toString();
            long fileSize = ch.size();
            VmdkHeader header = readHeaderAt(ch, 0, name);
            if (header.gdOffset() == VmdkHeader.GD_AT_END) {
                if (fileSize < 3L * VmdkHeader.SECTOR) {
                    throw new ImageException(name + ": streamOptimized VMDK is missing its footer");
                }
                header = readHeaderAt(ch, fileSize - 2L * VmdkHeader.SECTOR, name);
            }
            int[] directory = readDirectory(ch, header, fileSize, name);
            Optional<String> parentName = parents == null ? Optional.empty() : embeddedParent(ch, header, name);
            Optional<DiskImage> parent = parentName.isEmpty() ? Optional.empty()
                    : Optional.of(parents.open(parentName.get()));
            return new VmdkImage(path, ch, header, directory, parent);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The parent the descriptor embedded in the file names (a VMware snapshot delta's), if any. */
    private static Optional<String> embeddedParent(FileChannel ch, VmdkHeader h, String name) throws IOException {
        if (h.descriptorOffset() <= 0 || h.descriptorSize() <= 0) {
            return Optional.empty();
        }
        if (h.descriptorSize() > VmdkDescriptor.MAX_BYTES / VmdkHeader.SECTOR
                || h.descriptorOffset() > ch.size() / VmdkHeader.SECTOR) {
            throw new ImageException(name + ": the VMDK's embedded descriptor lies outside the file or is too long");
        }
        ByteBuffer text = ByteBuffer.allocate((int) h.descriptorSize() * VmdkHeader.SECTOR);
        ChannelIo.readOrZero(ch, text, h.descriptorOffset() * VmdkHeader.SECTOR);
        String descriptor = StandardCharsets.ISO_8859_1.decode(text.flip()).toString();
        int end = descriptor.indexOf('\0');
        return VmdkDescriptor.embeddedParent(end < 0 ? descriptor : descriptor.substring(0, end), name);
    }

    private static VmdkHeader readHeaderAt(FileChannel ch, long offset, String name) throws IOException {
        ByteBuffer sector = ByteBuffer.allocate(VmdkHeader.SECTOR);
        ChannelIo.readFully(ch, sector, offset, name + ": VMDK header");
        return VmdkHeader.parse(sector.flip(), name);
    }

    private static int[] readDirectory(FileChannel ch, VmdkHeader h, long fileSize, String name) throws IOException {
        long entries = h.gdEntries();
        // The sector is checked against the file before it is scaled, so a huge one cannot wrap around.
        long offset = h.gdOffset() * VmdkHeader.SECTOR;
        if (h.gdOffset() <= 0 || h.gdOffset() > fileSize / VmdkHeader.SECTOR || entries * 4 > fileSize - offset) {
            throw new ImageException(name + ": VMDK grain directory (" + entries + " entries at sector "
                    + h.gdOffset() + ") lies outside the file");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) entries * 4).order(ByteOrder.LITTLE_ENDIAN);
        ChannelIo.readFully(ch, buf, offset, name + ": VMDK grain directory");
        int[] gd = new int[(int) entries];
        buf.flip().asIntBuffer().get(gd);
        checkTablesAreDistinct(gd, h, fileSize, name);
        return gd;
    }

    /**
     * Every grain table lies in the file and belongs to one directory entry. A crafted directory whose entries
     * all name one table would otherwise describe far more grains than the file holds, and walking them (as
     * {@code disk check} does) would take almost forever; with distinct tables the walk is bounded by the
     * file's size.
     */
    private static void checkTablesAreDistinct(int[] gd, VmdkHeader h, long fileSize, String name)
            throws ImageException {
        Set<Integer> seen = new HashSet<>();
        long tableBytes = h.gtesPerGt() * 4L;
        for (int entry : gd) {
            long sector = Integer.toUnsignedLong(entry);
            if (sector == 0) {
                continue;
            }
            if (sector > (fileSize - tableBytes) / VmdkHeader.SECTOR) {
                throw new ImageException(name + ": VMDK grain table at sector " + sector
                        + " lies past the end of the file");
            }
            if (!seen.add(entry)) {
                throw new ImageException(name + ": VMDK grain directory names the table at sector " + sector
                        + " more than once; the image is corrupt");
            }
        }
    }

    @Override
    public long size() {
        return header.capacity() * VmdkHeader.SECTOR;
    }

    @Override
    public long storedBytes() throws IOException {
        return ch.size();
    }

    @Override
    public Allocation allocation(long offset) throws IOException {
        return allocation(offset, unallocated());
    }

    /** As {@link #allocation(long)}, a grain the file does not hold answered as {@code unallocated}. */
    Allocation allocation(long offset, Allocation.Kind unallocated) throws IOException {
        lock.lock();
        try {
            Bounds.check(offset, 1, size());
            long g = offset / header.grainBytes();
            if (directory[(int) (g / header.gtesPerGt())] == 0) {
                // No grain table: the whole span it would describe is unallocated, answered in one step.
                long spanBytes = header.gtesPerGt() * header.grainBytes();
                long end = Math.min((offset / spanBytes + 1) * spanBytes, size());
                return new Allocation(unallocated, end - offset);
            }
            long end = Math.min((g + 1) * header.grainBytes(), size());
            long entry = grainEntry(g);
            Allocation.Kind kind = entry == 0 ? unallocated : entry == 1 ? Allocation.Kind.ZERO : Allocation.Kind.DATA;
            return new Allocation(kind, end - offset);
        } finally {
            lock.unlock();
        }
    }

    /** The grain table entry of grain {@code g}: its sector, 0 where unallocated, 1 where it reads as zeros. */
    private long grainEntry(long g) throws IOException {
        int gdIndex = (int) (g / header.gtesPerGt());
        long gtSector = Integer.toUnsignedLong(directory[gdIndex]);
        if (gtSector == 0) {
            return 0;
        }
        int[] table = tables.get(gdIndex);
        if (table == null) {
            table = readTable(gtSector);
            tables.put(gdIndex, table);
        }
        return Integer.toUnsignedLong(table[(int) (g % header.gtesPerGt())]);
    }

    private int[] readTable(long sector) throws IOException {
        long offset = sector * VmdkHeader.SECTOR;
        int bytes = header.gtesPerGt() * 4;
        if (offset + bytes > ch.size()) {
            throw new ImageException(name + ": VMDK grain table at sector " + sector + " lies past the end of the file");
        }
        ByteBuffer buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        ChannelIo.readFully(ch, buf, offset, name + ": VMDK grain table");
        int[] t = new int[header.gtesPerGt()];
        buf.flip().asIntBuffer().get(t);
        return t;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        lock.lock();
        try {
            Bounds.check(offset, dst.remaining(), size());
            long grainBytes = header.grainBytes();
            long pos = offset;
            while (dst.hasRemaining()) {
                long g = pos / grainBytes;
                int in = (int) (pos % grainBytes);
                int n = (int) Math.min(grainBytes - in, dst.remaining());
                long sector = grainEntry(g);
                if (sector == 0) {
                    readParent(pos, dst.slice(dst.position(), n));
                } else if (sector == 1) {
                    ChannelIo.fillZero(dst.slice(dst.position(), n));
                } else if (header.compressed()) {
                    dst.put(dst.position(), inflateGrain(g, sector), in, n);
                } else {
                    ChannelIo.readOrZero(ch, dst.slice(dst.position(), n), sector * VmdkHeader.SECTOR + in);
                }
                dst.position(dst.position() + n);
                pos += n;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A compressed grain: 8-byte LBA and 4-byte length, then a zlib stream. */
    private byte[] inflateGrain(long g, long sector) throws IOException {
        if (cachedGrain == g) {
            return grain;
        }
        cachedGrain = -1;
        long offset = sector * VmdkHeader.SECTOR;
        ByteBuffer marker = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ChannelIo.readFully(ch, marker, offset, name + ": VMDK grain marker");
        long size = Integer.toUnsignedLong(marker.getInt(8));
        if (size == 0 || size > 2 * header.grainBytes() + 1024 || offset + 12 + size > ch.size()) {
            throw new ImageException(name + ": compressed grain at sector " + sector + " has invalid size " + size);
        }
        byte[] input = new byte[(int) size];
        ChannelIo.readFully(ch, ByteBuffer.wrap(input), offset + 12, name + ": VMDK grain");
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(input);
            int produced = 0;
            while (produced < grain.length && !inflater.finished()) {
                int n = inflater.inflate(grain, produced, grain.length - produced);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                produced += n;
            }
            java.util.Arrays.fill(grain, produced, grain.length, (byte) 0);
        } catch (DataFormatException e) {
            throw new ImageException(name + ": compressed grain at sector " + sector + " is corrupt", e);
        } finally {
            inflater.end();
        }
        cachedGrain = g;
        return grain;
    }

    @Override
    public void close() throws IOException {
        try {
            ch.close();
        } finally {
            closeParent();
        }
    }
}
