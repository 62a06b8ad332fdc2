package io.vireo.engine.appliance.debian;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Checks downloaded .deb files against their index record, so a cached or fetched file is used only when it is the right one. */
final class DebFiles {

    private DebFiles() {
    }

    static boolean matches(Path file, PackageRecord record) {
        try {
            if (!Files.isRegularFile(file) || (record.size() >= 0 && Files.size(file) != record.size())) {
                return false;
            }
            return sha256(file).equals(record.sha256());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves a downloaded file into place after checking it, so the cache never holds a wrong .deb under a right name. */
    static Path acceptDownload(Path downloaded, PackageRecord record, Path directory, String sourceName) throws IOException {
        if (!matches(downloaded, record)) {
            Files.deleteIfExists(downloaded);
            throw new PackageSourceException(sourceName + ": " + record.debFileName()
                    + " does not match the SHA-256 in the archive index");
        }
        Path target = directory.resolve(record.debFileName());
        return Files.move(downloaded, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
