package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.CheckReport;
import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Recounts every reference in a qcow2 image (header, tables, data, compressed data) and compares the
 * counts with the stored refcounts, as {@code qemu-img check} does. Never writes.
 */
public final class Qcow2Checker {
    private static final int MAX_REPORTED = 20;
    private static final long MAX_CHECKED_CLUSTERS = 1L << 26;

    private final FileChannel ch;
    private final String name;
    private final Qcow2Header header;
    private final int clusterBits;
    private final int[] refs;
    private final List<String> problems = new ArrayList<>();
    private long corruptions;

    private Qcow2Checker(FileChannel ch, String name, Qcow2Header header, long clusters) {
        this.ch = ch;
        this.name = name;
        this.header = header;
        this.clusterBits = header.clusterBits();
        this.refs = new int[(int) clusters];
    }

    public static CheckReport check(Path path) throws IOException {
        return check(path, false);
    }

    /**
     * Checks the image and, when {@code repairLeaks} is set and nothing is corrupt, frees leaked clusters
     * (what a crash can leave behind). Repair opens the image for writing, so nothing else may have it open.
     */
    public static CheckReport check(Path path, boolean repairLeaks) throws IOException {
        try (FileChannel ch = ChannelIo.openImage(path, !repairLeaks)) {
            Qcow2Header header = Qcow2Header.read(ch, path.toString());
            if (header.nbSnapshots() > 0) {
                throw new ImageException(path + ": checking images with internal snapshots is not supported");
            }
            long clusters = Math.ceilDiv(ch.size(), header.clusterSize());
            if (clusters > MAX_CHECKED_CLUSTERS) {
                throw new ImageException(path + ": image file is too large to check");
            }
            return new Qcow2Checker(ch, path.toString(), header, clusters).run(path, repairLeaks);
        }
    }

    private CheckReport run(Path path, boolean repairLeaks) throws IOException {
        Refcounts refcounts = new Refcounts(ch, name, header);
        reference(0, 1, "header");
        reference(header.l1TableOffset(), (long) header.l1Size() * 8, "L1 table");
        reference(header.refcountTableOffset(), (long) header.refcountTableClusters() * header.clusterSize(),
                "refcount table");
        for (long b = 0; b < refcounts.tableEntries(); b++) {
            long off = refcounts.blockOffset(b);
            if (off != 0 && aligned(off, "refcount block")) {
                reference(off, header.clusterSize(), "refcount block");
            }
        }
        walkL1(refcounts);
        long leaks = 0;
        for (int c = 0; c < refs.length; c++) {
            long stored;
            try {
                stored = refcounts.get(c);
            } catch (ImageException e) {
                corrupt(e.getMessage());
                continue;
            }
            if (stored == refs[c]) {
                continue;
            }
            if (refs[c] == 0) {
                leaks++;
            } else {
                corrupt("cluster " + c + " has refcount " + stored + " but " + refs[c] + " references");
            }
        }
        long repaired = 0;
        if (repairLeaks && corruptions == 0 && leaks > 0) {
            for (int c = 0; c < refs.length; c++) {
                if (refs[c] == 0 && refcounts.get(c) != 0) {
                    refcounts.release(c);
                    repaired++;
                }
            }
            ch.force(false);
        }
        return new CheckReport(path, leaks, corruptions, problems, repaired);
    }

    private void walkL1(Refcounts refcounts) throws IOException {
        ByteBuffer l1 = ByteBuffer.allocate(header.l1Size() * 8).order(ByteOrder.BIG_ENDIAN);
        ChannelIo.readFully(ch, l1, header.l1TableOffset(), name + ": L1 table");
        ByteBuffer l2 = ByteBuffer.allocate(header.clusterSize()).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < header.l1Size(); i++) {
            long raw = l1.getLong(i * 8);
            long off = raw & L2Entry.OFFSET_MASK;
            if (off == 0 || !aligned(off, "L2 table")) {
                continue;
            }
            if (!reference(off, header.clusterSize(), "L2 table")) {
                continue;
            }
            checkCopied(refcounts, off, (raw & L2Entry.COPIED) != 0, "L2 table");
            ChannelIo.readFully(ch, l2.clear(), off, name + ": L2 table");
            for (int j = 0; j < header.clusterSize() / 8; j++) {
                checkL2Entry(refcounts, l2.getLong(j * 8));
            }
        }
    }

    private void checkL2Entry(Refcounts refcounts, long raw) throws IOException {
        L2Entry e = L2Entry.decode(raw, clusterBits, header.version() >= 3);
        switch (e.kind()) {
            case UNALLOCATED -> { }
            case ZERO, NORMAL -> {
                if (e.hostOffset() != 0 && aligned(e.hostOffset(), "data cluster")
                        && reference(e.hostOffset(), header.clusterSize(), "data cluster")) {
                    checkCopied(refcounts, e.hostOffset(), (raw & L2Entry.COPIED) != 0, "data cluster");
                }
            }
            case COMPRESSED -> reference(e.compressedRangeStart(),
                    e.compressedRangeEnd() - e.compressedRangeStart(), "compressed cluster");
        }
    }

    private void checkCopied(Refcounts refcounts, long offset, boolean copied, String what) throws IOException {
        long stored = refcounts.get(offset >>> clusterBits);
        if ((stored == 1) != copied) {
            corrupt(what + " at offset " + offset + " has refcount " + stored + " but COPIED flag " + copied);
        }
    }

    private boolean aligned(long offset, String what) {
        if ((offset & (header.clusterSize() - 1)) == 0) {
            return true;
        }
        corrupt(what + " offset " + offset + " is not cluster aligned");
        return false;
    }

    private boolean reference(long offset, long bytes, String what) {
        if (bytes <= 0) {
            return true;
        }
        long first = offset >>> clusterBits;
        long last = (offset + bytes - 1) >>> clusterBits;
        if (last >= refs.length) {
            corrupt(what + " at offset " + offset + " lies past the end of the file");
            return false;
        }
        for (long c = first; c <= last; c++) {
            refs[(int) c]++;
        }
        return true;
    }

    private void corrupt(String message) {
        corruptions++;
        if (problems.size() < MAX_REPORTED) {
            problems.add(message);
        }
    }
}
