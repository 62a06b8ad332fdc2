package io.vireo.engine.storage.chain;

import io.vireo.engine.storage.Allocation;
import io.vireo.engine.storage.BlockDevice;
import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.CheckReport;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.qcow2.Qcow2Checker;
import io.vireo.engine.storage.qcow2.Qcow2Creator;
import io.vireo.engine.storage.qcow2.Qcow2Image;
import io.vireo.engine.storage.raw.RawImage;
import io.vireo.engine.storage.vmdk.StreamOptimizedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The disk operations behind snapshots and clones: create, overlay (snapshot / linked clone), commit
 * (consolidate a delta into its backing), flatten (full clone), rebase, grow, info and check.
 *
 * <p>Each operation that follows backing files comes twice: unconfined (the command line, tests), and
 * with a root directory that every image it opens or creates must lie under ({@link Confinement}), for
 * files whose headers the host did not write itself, as in a datastore. Flatten and info come a third time,
 * for a package's disk whose format was probed from its descriptor. Those one-line variants take it past 400
 * lines; each operation stays in one place.
 */
public final class ChainOperations {
    private static final int COPY_CHUNK = 1 << 20;

    private ChainOperations() {
    }

    /** Creates an empty image; a qcow2 with a backing and no size takes the backing's size. */
    public static void create(Path path, ImageFormat format, long size, Optional<Path> backing) throws IOException {
        create(path, format, size, backing, Qcow2Creator.DEFAULT_CLUSTER_BITS);
    }

    public static void create(Path path, ImageFormat format, long size, Optional<Path> backing, int clusterBits)
            throws IOException {
        create(path, format, size, backing, clusterBits, Confinement.NONE);
    }

    private static void create(Path path, ImageFormat format, long size, Optional<Path> backing, int clusterBits,
            Confinement confinement) throws IOException {
        confinement.admit(path, Optional.empty());
        switch (format) {
            case RAW -> {
                if (backing.isPresent()) {
                    throw new ImageException("raw images cannot have a backing file; use qcow2");
                }
                RawImage.create(path, requireSize(size));
            }
            case QCOW2 -> {
                if (backing.isEmpty()) {
                    Qcow2Creator.create(path, requireSize(size), clusterBits, Optional.empty(), Optional.empty());
                    return;
                }
                BackingLink link = BackingLink.of(path, backing.get(), confinement);
                long virtualSize = size > 0 ? size : link.size();
                Qcow2Creator.create(path, virtualSize, clusterBits, Optional.of(link.name()),
                        Optional.of(link.format().qemuName()));
            }
            case VMDK -> throw new ImageException("empty VMDK images cannot be created; use 'disk flatten --format vmdk'");
        }
    }

    private static long requireSize(long size) throws ImageException {
        if (size <= 0) {
            throw new ImageException("a disk size is required (for example --size 10G)");
        }
        return size;
    }

    /** A new qcow2 overlay on {@code base}: a snapshot point or linked clone; costs the same for any size. */
    public static void createOverlay(Path base, Path overlay) throws IOException {
        createOverlay(base, overlay, Confinement.NONE);
    }

    /** As {@link #createOverlay(Path, Path)}, with both files and {@code base}'s chain under {@code root}. */
    public static void createOverlay(Path base, Path overlay, Path root) throws IOException {
        createOverlay(base, overlay, Confinement.within(root));
    }

    private static void createOverlay(Path base, Path overlay, Confinement confinement) throws IOException {
        create(overlay, ImageFormat.QCOW2, 0, Optional.of(base), Qcow2Creator.DEFAULT_CLUSTER_BITS, confinement);
    }

    /**
     * Writes everything {@code overlay} holds into its backing image, which then reads as the overlay did.
     * The overlay is left as it was (and is now redundant).
     *
     * @return bytes written into the backing image
     */
    public static long commit(Path overlay) throws IOException {
        return commit(overlay, Confinement.NONE);
    }

    /** As {@link #commit(Path)}, with every image of the chain under {@code root}. */
    public static long commit(Path overlay, Path root) throws IOException {
        return commit(overlay, Confinement.within(root));
    }

    private static long commit(Path overlay, Confinement confinement) throws IOException {
        try (DiskImage top = DiskChain.open(overlay, Optional.empty(), true, confinement)) {
            if (top.backing().isEmpty()) {
                throw new ImageException(overlay + " has no backing file to commit into");
            }
            Path backingPath = top.backing().get().path();
            try (DiskImage base = DiskChain.open(backingPath, Optional.of(top.backing().get().format()), false,
                    confinement)) {
                if (base.size() < top.size()) {
                    base.grow(top.size());
                }
                long copied = 0;
                long offset = 0;
                while (offset < top.size()) {
                    Allocation a = top.allocation(offset);
                    switch (a.kind()) {
                        case DATA -> copied += copy(top, base, offset, a.length(), false);
                        case ZERO -> base.writeZeroes(offset, a.length());
                        case BACKING -> { }
                    }
                    offset += a.length();
                }
                base.flush();
                return copied;
            }
        }
    }

    /**
     * Writes the whole chain topped by {@code top} into a new standalone image (a full clone).
     *
     * @return bytes of data written (zero ranges are skipped)
     */
    public static long flatten(Path top, Path dest, ImageFormat format) throws IOException {
        return flatten(top, dest, format, Confinement.NONE);
    }

    /** As {@link #flatten(Path, Path, ImageFormat)}, with the chain and {@code dest} under {@code root}. */
    public static long flatten(Path top, Path dest, ImageFormat format, Path root) throws IOException {
        return flatten(top, dest, format, Confinement.within(root), done -> { });
    }

    /**
     * As {@link #flatten(Path, Path, ImageFormat)}, telling {@code progress} how many bytes of the virtual disk are
     * done as the copy goes (a qcow2 or raw copy; a VMDK is written in one pass without reports).
     */
    public static long flatten(Path top, Path dest, ImageFormat format, LongConsumer progress) throws IOException {
        return flatten(top, dest, format, Confinement.NONE, progress);
    }

    /**
     * As {@link #flatten(Path, Path, ImageFormat, LongConsumer)}, reading {@code top} as {@code topFormat}: a
     * package's disk, whose format {@link ImageFormat#probePackaged} told.
     */
    public static long flatten(Path top, ImageFormat topFormat, Path dest, ImageFormat format, LongConsumer progress)
            throws IOException {
        return flatten(top, Optional.of(topFormat), dest, format, Confinement.NONE, progress);
    }

    private static long flatten(Path top, Path dest, ImageFormat format, Confinement confinement) throws IOException {
        return flatten(top, dest, format, confinement, done -> { });
    }

    private static long flatten(Path top, Path dest, ImageFormat format, Confinement confinement,
            LongConsumer progress) throws IOException {
        return flatten(top, Optional.empty(), dest, format, confinement, progress);
    }

    private static long flatten(Path top, Optional<ImageFormat> topFormat, Path dest, ImageFormat format,
            Confinement confinement, LongConsumer progress) throws IOException {
        confinement.admit(dest, Optional.empty());
        try (DiskImage chain = DiskChain.open(top, topFormat, true, confinement)) {
            if (format == ImageFormat.VMDK) {
                return StreamOptimizedWriter.write(chain, dest);
            }
            create(dest, format, chain.size(), Optional.empty());
            try (DiskImage out = DiskChain.open(dest, Optional.of(format), false)) {
                long copied = 0;
                long offset = 0;
                while (offset < chain.size()) {
                    Allocation a = ChainMap.resolve(chain, offset);
                    if (a.kind() == Allocation.Kind.DATA) {
                        copied += copy(chain, out, offset, a.length(), true);
                    }
                    offset += a.length();
                    progress.accept(offset);
                }
                out.flush();
                return copied;
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(dest);
                throw e;
            }
        }
    }

    private static long copy(BlockDevice from, BlockDevice to, long offset, long length, boolean skipZeros)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(COPY_CHUNK, length));
        long written = 0;
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(buf.capacity(), length - done);
            buf.clear().limit(n);
            from.read(offset + done, buf);
            buf.flip();
            if (!skipZeros || !ChannelIo.isZero(buf)) {
                to.write(offset + done, buf);
                written += n;
            }
            done += n;
        }
        return written;
    }

    /**
     * Points {@code image} at {@code newBacking} (or at nothing), first copying into it every range where
     * the old and new backing contents differ, so the guest sees the same disk.
     */
    public static void rebase(Path image, Optional<Path> newBacking) throws IOException {
        rebase(image, newBacking, Confinement.NONE);
    }

    /** As {@link #rebase(Path, Optional)}, with both chains under {@code root}. */
    public static void rebase(Path image, Optional<Path> newBacking, Path root) throws IOException {
        rebase(image, newBacking, Confinement.within(root));
    }

    private static void rebase(Path image, Optional<Path> newBacking, Confinement confinement) throws IOException {
        Optional<BackingLink> link = newBacking.isPresent()
                ? Optional.of(BackingLink.of(image, newBacking.get(), confinement))
                : Optional.empty();
        try (DiskImage top = DiskChain.open(image, Optional.empty(), false, confinement)) {
            if (!(top instanceof Qcow2Image qcow2)) {
                throw new ImageException(image + ": only qcow2 images have a backing file to change");
            }
            Optional<DiskImage> next = newBacking.isPresent()
                    ? Optional.of(DiskChain.open(newBacking.get(), Optional.empty(), true, confinement))
                    : Optional.empty();
            try {
                copyDifferences(qcow2, next);
            } finally {
                if (next.isPresent()) {
                    next.get().close();
                }
            }
            qcow2.setBacking(link.map(BackingLink::name), link.map(BackingLink::format));
        }
    }

    /**
     * Copies into {@code top} what it reads through its backing wherever that differs from what it would
     * read through {@code next}. Ranges that read as zeros through both chains are skipped unread, so
     * the cost follows the data the backings hold, not the virtual size of the disk.
     */
    private static void copyDifferences(Qcow2Image top, Optional<DiskImage> next) throws IOException {
        int cluster = top.header().clusterSize();
        ByteBuffer old = ByteBuffer.allocate(cluster);
        ByteBuffer fresh = ByteBuffer.allocate(cluster);
        long offset = 0;
        while (offset < top.size()) {
            Allocation a = top.allocation(offset);
            if (a.kind() == Allocation.Kind.BACKING) {
                for (long done = 0; done < a.length(); ) {
                    long at = offset + done;
                    long left = a.length() - done;
                    long zeros = Math.min(zeroRun(top.backing(), at, left), zeroRun(next, at, left));
                    if (zeros > 0) {
                        done += zeros;
                        continue;
                    }
                    int n = (int) Math.min(cluster, left);
                    top.read(at, old.clear().limit(n));
                    readOrZero(next, at, fresh.clear().limit(n));
                    if (!old.flip().equals(fresh.flip())) {
                        top.write(at, old);
                    }
                    done += n;
                }
            }
            offset += a.length();
        }
        top.flush();
    }

    /** How many bytes from {@code offset} (at most {@code max}) the chain reads as zeros; 0 where it has data. */
    private static long zeroRun(Optional<DiskImage> chain, long offset, long max) throws IOException {
        if (chain.isEmpty() || offset >= chain.get().size()) {
            return max;
        }
        Allocation a = ChainMap.resolve(chain.get(), offset);
        return a.kind() == Allocation.Kind.ZERO ? Math.min(a.length(), max) : 0;
    }

    private static void readOrZero(Optional<DiskImage> image, long offset, ByteBuffer dst) throws IOException {
        if (image.isEmpty() || offset >= image.get().size()) {
            ChannelIo.fillZero(dst);
            return;
        }
        int fromImage = (int) Math.min(dst.remaining(), image.get().size() - offset);
        int limit = dst.limit();
        image.get().read(offset, dst.limit(dst.position() + fromImage));
        dst.limit(limit);
        ChannelIo.fillZero(dst);
    }

    public static void grow(Path image, long newSize) throws IOException {
        try (DiskImage disk = DiskChain.open(image, false)) {
            disk.grow(newSize);
            disk.flush();
        }
    }

    /** The chain's images, top first. */
    public static List<ImageInfo> info(Path image) throws IOException {
        return info(image, Confinement.NONE);
    }

    /** As {@link #info(Path)}, with every image of the chain under {@code root}. */
    public static List<ImageInfo> info(Path image, Path root) throws IOException {
        return info(image, Confinement.within(root));
    }

    /** As {@link #info(Path, Path)}, reading {@code image} as {@code format}: a package's disk. */
    public static List<ImageInfo> info(Path image, ImageFormat format, Path root) throws IOException {
        return info(image, Optional.of(format), Confinement.within(root));
    }

    private static List<ImageInfo> info(Path image, Confinement confinement) throws IOException {
        return info(image, Optional.empty(), confinement);
    }

    private static List<ImageInfo> info(Path image, Optional<ImageFormat> format, Confinement confinement)
            throws IOException {
        try (DiskImage top = DiskChain.open(image, format, true, confinement)) {
            List<ImageInfo> list = new ArrayList<>();
            for (DiskImage d : DiskChain.layers(top)) {
                Optional<String> backingName = Optional.empty();
                Optional<Integer> cluster = Optional.empty();
                if (d instanceof Qcow2Image q) {
                    backingName = q.header().backingFile();
                    cluster = Optional.of(q.header().clusterSize());
                }
                list.add(new ImageInfo(d.path(), d.format(), d.size(), Files.size(d.path()), d.storedBytes(), backingName,
                        d.backing().map(DiskImage::path), cluster));
            }
            return list;
        }
    }

    /** Checks one image's metadata; raw images have none, VMDK images are checked by reading their tables. */
    public static CheckReport check(Path image) throws IOException {
        return check(image, false);
    }

    /** As {@link #check(Path)}; with {@code repairLeaks}, a qcow2 image's leaked clusters are freed. */
    public static CheckReport check(Path image, boolean repairLeaks) throws IOException {
        return check(image, repairLeaks, Confinement.NONE);
    }

    /**
     * As {@link #check(Path, boolean)}, and the image's whole chain must open under {@code root}: an image
     * whose backing leads outside it, or is missing, fails the check with an {@link ImageException}.
     */
    public static CheckReport check(Path image, boolean repairLeaks, Path root) throws IOException {
        Confinement confinement = Confinement.within(root);
        DiskChain.open(image, Optional.empty(), true, confinement).close();
        return check(image, repairLeaks, confinement);
    }

    private static CheckReport check(Path image, boolean repairLeaks, Confinement confinement) throws IOException {
        confinement.admit(image, Optional.empty());
        ImageFormat format = ImageFormat.probe(image);
        if (format == ImageFormat.QCOW2) {
            return Qcow2Checker.check(image, repairLeaks);
        }
        try (DiskImage d = DiskChain.open(image, Optional.of(format), true, confinement)) {
            long offset = 0;
            while (offset < d.size()) {
                offset += d.allocation(offset).length(); // reads, and so validates, every table
            }
        }
        return new CheckReport(image, 0, 0, List.of(), 0);
    }

    /** How an image names its backing: relative to its own folder, so a chain can move as a whole. */
    private record BackingLink(String name, ImageFormat format, long size) {
        static BackingLink of(Path image, Path backing, Confinement confinement) throws IOException {
            Path absImage = image.toAbsolutePath().normalize();
            Path absBacking = backing.toAbsolutePath().normalize();
            if (absImage.equals(absBacking)) {
                throw new ImageException(image + " cannot be its own backing file");
            }
            try (DiskImage b = DiskChain.open(absBacking, Optional.empty(), true, confinement)) {
                if (Files.exists(absImage)) {
                    Path realImage = absImage.toRealPath();
                    for (DiskImage layer : DiskChain.layers(b)) {
                        if (layer.path().toRealPath().equals(realImage)) {
                            throw new ImageException(backing + " reads through " + image
                                    + "; using it as the backing file would make a loop");
                        }
                    }
                }
                String name = absImage.getParent().relativize(absBacking).toString();
                return new BackingLink(name, b.format(), b.size());
            }
        }
    }
}
