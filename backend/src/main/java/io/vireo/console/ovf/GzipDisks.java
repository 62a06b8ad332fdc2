package io.vireo.console.ovf;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Unpacks a disk a package stores gzip-compressed ({@code ovf:compression="gzip"}) beside it in the staging folder.
 * The manifest vouches for the compressed file; what it unpacks to is bounded by what a VMDK of the disk's capacity
 * can hold, and the datastore's free room is watched as it grows, so a gzip bomb fills nothing.
 */
final class GzipDisks {
    private static final long SLACK = 64L << 20;
    private static final long CHECK_EVERY = 256L << 20;

    private GzipDisks() {
    }

    static Path unpack(Path gz, long capacityBytes) throws OvfException, IOException {
        Path out = gz.resolveSibling(gz.getFileName() + ".unpacked");
        long limit = capacityBytes + capacityBytes / 8 + SLACK;
        String name = gz.getFileName().toString();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16);
                OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[1 << 20];
            long total = 0;
            long nextCheck = CHECK_EVERY;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new OvfException(name + " unpacks to more than the " + limit + " bytes a disk of "
                            + capacityBytes + " bytes can take");
                }
                if (total >= nextCheck) {
                    nextCheck += CHECK_EVERY;
                    if (Files.getFileStore(out).getUsableSpace() < CHECK_EVERY) {
                        throw new OvfException("The datastore filled up while " + name + " was unpacked");
                    }
                }
                o.write(buffer, 0, n);
            }
        } catch (ZipException | EOFException e) {
            throw new OvfException(name + " is not a whole gzip file: " + e.getMessage());
        }
        return out;
    }
}
