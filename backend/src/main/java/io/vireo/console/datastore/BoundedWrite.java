package io.vireo.console.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a stream whose length nobody vouches for (an upload, what a gzip file unpacks to) into a new file of a
 * datastore: at most {@code limit} bytes, and the file system's free room is watched as the file grows, so neither a
 * lying size nor a gzip bomb fills the datastore. The caller removes the file when this throws.
 */
public final class BoundedWrite {
    private static final long CHECK_EVERY = 256L << 20;

    private BoundedWrite() {
    }

    /** The stream held more than the limit. */
    public static final class TooLong extends IOException {
        TooLong(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    /** The datastore's file system ran short of room while the file grew. */
    public static final class NoRoom extends IOException {
        NoRoom(Path file) {
            super("the file system of " + file.getFileName() + " is full");
        }
    }

    /** Copies all of {@code in} into the new file {@code target}; answers the bytes written. */
    public static long copy(InputStream in, Path target, long limit) throws IOException {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[1 << 20];
            long total = 0;
            long nextCheck = CHECK_EVERY;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new TooLong(limit);
                }
                if (total >= nextCheck) {
                    nextCheck += CHECK_EVERY;
                    if (Files.getFileStore(target).getUsableSpace() < CHECK_EVERY) {
                        throw new NoRoom(target);
                    }
                }
                out.write(buffer, 0, n);
            }
            return total;
        }
    }
}
