package io.vireo.engine.boot.disk;

import io.vireo.engine.boot.KernelImage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A kernel file as found in {@code /boot}: a RISC-V {@code Image}, or one compressed with gzip (its magic
 * says which). The result is checked as an Image, so a file that is neither fails here, named.
 */
final class KernelFile {
    /** The most an Image may grow to when uncompressed, as {@link KernelImage#read} allows for a file. */
    static final int MAX_IMAGE = 512 << 20;

    private KernelFile() {
    }

    static byte[] image(byte[] file, String name) throws IOException {
        byte[] image = isGzip(file) ? gunzip(file, name) : file;
        try {
            KernelImage.parse(image, name);
        } catch (IOException notAnImage) {
            throw new DiskBootException(notAnImage.getMessage());
        }
        return image;
    }

    private static boolean isGzip(byte[] file) {
        return file.length >= 2 && (file[0] & 0xFF) == 0x1F && (file[1] & 0xFF) == 0x8B;
    }

    /** Stops at {@link #MAX_IMAGE}, so a small file that inflates without end cannot fill the heap. */
    private static byte[] gunzip(byte[] file, String name) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(4L * file.length, 64 << 20));
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                if (out.size() + n > MAX_IMAGE) {
                    throw new DiskBootException(name + " inflates to more than " + (MAX_IMAGE >> 20) + " MiB");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException | EOFException e) {
            throw new DiskBootException(name + " is a broken gzip file: " + e.getMessage());
        }
    }
}
