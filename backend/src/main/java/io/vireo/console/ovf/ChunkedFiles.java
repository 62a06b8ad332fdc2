package io.vireo.console.ovf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A package file stored in chunks ({@code ovf:chunkSize}), as ovftool splits large disks: {@code href.000000000},
 * {@code href.000000001}, …, each of the chunk size but the last. The chunks must be all there, in sequence, adding
 * up to the file's {@code ovf:size}; the manifest lists the chunks, so they are checked as they are and then joined
 * into the file they make.
 */
final class ChunkedFiles {
    private ChunkedFiles() {
    }

    /** The chunks of {@code ref}, in order, after checking their sizes; refused when one is missing or misfits. */
    static List<String> chunks(StagedPackage staged, OvfPackage.FileRef ref) throws OvfException, IOException {
        List<String> chunks = new ArrayList<>();
        long total = 0;
        for (int i = 0; staged.names().contains(name(ref, i)); i++) {
            if (!chunks.isEmpty() && Files.size(staged.file(chunks.getLast())) != ref.chunkSize()) {
                throw new OvfException(chunks.getLast() + " is not the last chunk of " + ref.href() + ", yet not the "
                        + ref.chunkSize() + " bytes of a chunk the descriptor says");
            }
            long size = Files.size(staged.file(name(ref, i)));
            if (size > ref.chunkSize()) {
                throw new OvfException(name(ref, i) + " is larger than the chunk size " + ref.chunkSize()
                        + " the descriptor says");
            }
            chunks.add(name(ref, i));
            total += size;
        }
        if (chunks.isEmpty()) {
            throw new OvfException("The descriptor references " + ref.href() + " in chunks (" + name(ref, 0) + ", …),"
                    + " which the package does not hold");
        }
        String next = name(ref, chunks.size());
        if (staged.names().stream().anyMatch(n -> n.startsWith(ref.href() + ".") && !chunks.contains(n))) {
            throw new OvfException("The chunks of " + ref.href() + " stop before " + next + ", but the package"
                    + " holds later ones: a chunk is missing");
        }
        if (ref.size() >= 0 && total != ref.size()) {
            throw new OvfException("The chunks of " + ref.href() + " add up to " + total + " bytes, but the"
                    + " descriptor says " + ref.size() + ": the package is damaged or truncated");
        }
        return chunks;
    }

    /**
     * Joins the chunks into {@code ref}'s file beside them. The chunks stay until the manifest's digests of them
     * were checked ({@link #remove}).
     */
    static void join(StagedPackage staged, OvfPackage.FileRef ref, List<String> chunks) throws IOException {
        try (OutputStream out = Files.newOutputStream(staged.file(ref.href()), StandardOpenOption.CREATE_NEW)) {
            for (String chunk : chunks) {
                Files.copy(staged.file(chunk), out);
            }
        }
    }

    /** The chunks, once joined and checked: the disk is converted from the file they make. */
    static void remove(StagedPackage staged, List<String> chunks) throws IOException {
        for (String chunk : chunks) {
            Files.deleteIfExists(staged.file(chunk));
        }
    }

    private static String name(OvfPackage.FileRef ref, int index) {
        return ref.href() + "." + String.format("%09d", index);
    }
}
