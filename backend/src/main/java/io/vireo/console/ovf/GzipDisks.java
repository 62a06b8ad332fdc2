package io.vireo.console.ovf;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import io.vireo.console.datastore.BoundedWrite;

/**
 * Unpacks a disk a package stores gzip-compressed ({@code ovf:compression="gzip"}) beside it in the staging folder.
 * The manifest vouches for the compressed file; what it unpacks to is bounded by what a VMDK of the disk's capacity
 * can hold, and the datastore's free room is watched as it grows, so a gzip bomb fills nothing.
 */
final class GzipDisks {
    private static final long SLACK = 64L << 20;

    private GzipDisks() {
    }

    static Path unpack(Path gz, long capacityBytes) throws OvfException, IOException {
        Path out = gz.resolveSibling(gz.getFileName() + ".unpacked");
        long limit = capacityBytes + capacityBytes / 8 + SLACK;
        String name = gz.getFileName().toString();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
            BoundedWrite.copy(in, out, limit);
        } catch (BoundedWrite.TooLong e) {
            throw new OvfException(name + " unpacks to more than the " + limit + " bytes a disk of " + capacityBytes
                    + " bytes can take");
        } catch (BoundedWrite.NoRoom e) {
            throw new OvfException("The datastore filled up while " + name + " was unpacked");
        } catch (ZipException | EOFException e) {
            throw new OvfException(name + " is not a whole gzip file: " + e.getMessage());
        }
        return out;
    }
}
