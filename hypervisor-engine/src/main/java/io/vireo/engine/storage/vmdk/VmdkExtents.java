package io.vireo.engine.storage.vmdk;

import io.vireo.engine.storage.Allocation;
import io.vireo.engine.storage.Bounds;
import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A VMDK made of a text descriptor and its extents ({@link VmdkDescriptor}), read-only, seen as one disk: each read
 * goes to the extent that holds the range, a FLAT extent read as raw bytes from its offset, a SPARSE one through
 * {@link VmdkImage}, a ZERO one as zeros. Extent files must lie beside the descriptor (their real paths too, so a
 * link cannot lead elsewhere). A snapshot delta's descriptor names its parent, read where its sparse extents hold
 * no grain.
 */
public final class VmdkExtents extends ReadOnlyVmdk {
    private final List<Part> parts;
    private final long size;
    private final long storedBytes;
    private final List<String> extentNames;

    /** An extent in place: its first byte in the disk, its length, and what reads it. */
    private record Part(long start, long length, VmdkDescriptor.Kind kind, FileChannel flat, long flatOffset,
            VmdkImage sparse) {
    }

    private VmdkExtents(Path path, List<Part> parts, long storedBytes, List<String> extentNames,
            Optional<DiskImage> parent) {
        super(path, parent);
        this.extentNames = extentNames;
        this.parts = parts;
        this.size = parts.isEmpty() ? 0 : parts.getLast().start() + parts.getLast().length();
        this.storedBytes = storedBytes;
    }

    /** Whether the file starts as a VMDK text descriptor. */
    public static boolean isDescriptor(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(VmdkDescriptor.SIGNATURE.length());
            ChannelIo.readOrZero(ch, head, 0);
            return StandardCharsets.ISO_8859_1.decode(head.flip()).toString().equals(VmdkDescriptor.SIGNATURE);
        }
    }

    /** The extent files a VMDK names beside it; none for a VMDK that is one file. */
    public static List<Path> extentFiles(Path path) throws IOException {
        if (!isDescriptor(path)) {
            return List.of();
        }
        // The parent of a delta is a disk of its own, not one of its extents: it is not opened here.
        try (VmdkExtents disk = open(path, null)) {
            Path folder = path.getParent() == null ? Path.of("") : path.getParent();
            return disk.extentNames.stream().map(folder::resolve).toList();
        }
    }

    /** Opens the descriptor's extents, and the parent it names through {@code parents} (none when that is null). */
    static VmdkExtents open(Path path, ParentResolver parents) throws IOException {
        if (Files.size(path) > VmdkDescriptor.MAX_BYTES) {
            throw new ImageException(path + ": a VMDK descriptor larger than " + VmdkDescriptor.MAX_BYTES / 1024
                    + " KiB is not one");
        }
        VmdkDescriptor descriptor = VmdkDescriptor.parse(Files.readString(path, StandardCharsets.ISO_8859_1),
                path.toString());
        Path folder = path.toRealPath().getParent();
        List<Part> parts = new ArrayList<>();
        long start = 0;
        long stored = Files.size(path);
        try {
            for (VmdkDescriptor.Extent e : descriptor.extents()) {
                long length = e.sectors() * VmdkHeader.SECTOR;
                Part part = switch (e.kind()) {
                    case ZERO -> new Part(start, length, e.kind(), null, 0, null);
                    case FLAT -> {
                        Path file = beside(folder, e.file(), path);
                        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                        yield new Part(start, length, e.kind(), ch, e.offset() * VmdkHeader.SECTOR, null);
                    }
                    case SPARSE -> {
                        VmdkImage sparse = VmdkImage.open(beside(folder, e.file(), path), true);
                        if (sparse.size() < length) {
                            sparse.close();
                            throw new ImageException(path + ": its extent " + e.file() + " holds " + sparse.size()
                                    + " bytes, less than the " + length + " the descriptor gives it");
                        }
                        yield new Part(start, length, e.kind(), null, 0, sparse);
                    }
                };
                parts.add(part);
                stored += part.flat() != null ? part.flat().size() : part.sparse() != null ? part.sparse().storedBytes() : 0;
                start += length;
            }
            Optional<DiskImage> parent = parents == null || descriptor.parent().isEmpty() ? Optional.empty()
                    : Optional.of(parents.open(descriptor.parent().get()));
            return new VmdkExtents(path, List.copyOf(parts), stored, descriptor.extents().stream()
                    .filter(e -> e.kind() != VmdkDescriptor.Kind.ZERO).map(VmdkDescriptor.Extent::file).distinct()
                    .toList(), parent);
        } catch (IOException | RuntimeException ex) {
            closeAll(parts);
            throw ex;
        }
    }

    private static Path beside(Path folder, String name, Path descriptor) throws IOException {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file) || !file.toRealPath().getParent().equals(folder)) {
            throw new ImageException(descriptor + ": its extent " + name + " is not a file beside it");
        }
        return file;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long storedBytes() {
        return storedBytes;
    }

    private Part partAt(long offset) {
        int lo = 0;
        int hi = parts.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (parts.get(mid).start() <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return parts.get(lo);
    }

    @Override
    public Allocation allocation(long offset) throws IOException {
        Bounds.check(offset, 1, size);
        Part p = partAt(offset);
        long within = offset - p.start();
        long left = p.length() - within;
        return switch (p.kind()) {
            case ZERO -> new Allocation(Allocation.Kind.ZERO, left);
            case FLAT -> new Allocation(Allocation.Kind.DATA, left);
            case SPARSE -> {
                Allocation a = p.sparse().allocation(within, unallocated());
                yield new Allocation(a.kind(), Math.min(a.length(), left));
            }
        };
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        Bounds.check(offset, dst.remaining(), size);
        long pos = offset;
        while (dst.hasRemaining()) {
            Part p = partAt(pos);
            long within = pos - p.start();
            int n = (int) Math.min(dst.remaining(), p.length() - within);
            ByteBuffer slice = dst.slice(dst.position(), n);
            switch (p.kind()) {
                case ZERO -> ChannelIo.fillZero(slice);
                case FLAT -> ChannelIo.readOrZero(p.flat(), slice, p.flatOffset() + within);
                case SPARSE -> readSparse(p, pos, slice);
            }
            dst.position(dst.position() + n);
            pos += n;
        }
    }

    /** A sparse extent's range: its grains where it holds them, the parent's (or zeros) where it does not. */
    private void readSparse(Part p, long offset, ByteBuffer dst) throws IOException {
        if (backing().isEmpty()) {
            p.sparse().read(offset - p.start(), dst);
            return;
        }
        long pos = offset;
        while (dst.hasRemaining()) {
            Allocation a = p.sparse().allocation(pos - p.start(), Allocation.Kind.BACKING);
            int n = (int) Math.min(dst.remaining(), a.length());
            ByteBuffer slice = dst.slice(dst.position(), n);
            if (a.kind() == Allocation.Kind.BACKING) {
                readParent(pos, slice);
            } else {
                p.sparse().read(pos - p.start(), slice);
            }
            dst.position(dst.position() + n);
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            closeAll(parts);
        } finally {
            closeParent();
        }
    }

    private static void closeAll(List<Part> parts) throws IOException {
        IOException first = null;
        for (Part p : parts) {
            try {
                if (p.flat() != null) {
                    p.flat().close();
                }
                if (p.sparse() != null) {
                    p.sparse().close();
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
