package io.vireo.engine.appliance.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio archive in the "newc" format the kernel unpacks as an initramfs: each entry is
 * a 110-byte ASCII header (magic {@code 070701}, then thirteen 8-digit hex fields), the
 * NUL-terminated name padded to 4 bytes, and the data padded to 4 bytes; a {@code TRAILER!!!}
 * entry ends the archive. Owners are root and times are zero so the output is reproducible.
 */
public final class CpioNewcWriter implements AutoCloseable {
    private static final int TYPE_DIRECTORY = 0040000;
    private static final int TYPE_FILE = 0100000;
    private static final int TYPE_SYMLINK = 0120000;
    private static final int TYPE_CHAR_DEVICE = 0020000;
    private static final int PERMISSION_BITS = 07777;
    private static final String TRAILER = "TRAILER!!!";

    private final OutputStream out;
    private long written;
    private int nextInode = 1;
    private boolean finished;

    public CpioNewcWriter(OutputStream out) {
        this.out = out;
    }

    public void directory(String path, int permissions) throws IOException {
        header(path, TYPE_DIRECTORY | permissions & PERMISSION_BITS, 2, 0, 0, 0);
    }

    public void file(String path, int permissions, byte[] content) throws IOException {
        header(path, TYPE_FILE | permissions & PERMISSION_BITS, 1, content.length, 0, 0);
        write(content, content.length);
        pad();
    }

    /** Writes exactly {@code size} bytes from {@code content}; a stream that ends early is an error, not a short entry. */
    public void file(String path, int permissions, long size, InputStream content) throws IOException {
        header(path, TYPE_FILE | permissions & PERMISSION_BITS, 1, size, 0, 0);
        byte[] buffer = new byte[1 << 16];
        long remaining = size;
        while (remaining > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException(path + ": content ended " + remaining + " bytes early");
            }
            write(buffer, n);
            remaining -= n;
        }
        pad();
    }

    public void symlink(String path, String target) throws IOException {
        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        header(path, TYPE_SYMLINK | 0777, 1, bytes.length, 0, 0);
        write(bytes, bytes.length);
        pad();
    }

    public void characterDevice(String path, int permissions, int major, int minor) throws IOException {
        header(path, TYPE_CHAR_DEVICE | permissions & PERMISSION_BITS, 1, 0, major, minor);
    }

    /** Writes the trailer; the underlying stream stays open. */
    public void finish() throws IOException {
        if (!finished) {
            nextInode = 0;
            header(TRAILER, 0, 1, 0, 0, 0);
            finished = true;
        }
    }

    @Override
    public void close() throws IOException {
        finish();
        out.flush();
    }

    private void header(String path, int mode, int links, long size, int rdevMajor, int rdevMinor) throws IOException {
        if (finished) {
            throw new IllegalStateException("the archive is already finished");
        }
        if (path.isEmpty() || path.startsWith("/") || path.contains("\0")) {
            throw new IllegalArgumentException("cpio entry paths are relative and non-empty: '" + path + "'");
        }
        if (size > 0xffff_ffffL) {
            throw new IllegalArgumentException(path + ": newc entries hold at most 4 GiB");
        }
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder(110).append("070701");
        long[] fields = {nextInode, mode, 0, 0, links, 0, size, 0, 0, rdevMajor, rdevMinor, name.length + 1L, 0};
        for (long field : fields) {
            header.append("%08x".formatted(field));
        }
        nextInode++;
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.US_ASCII);
        write(headerBytes, headerBytes.length);
        write(name, name.length);
        write(new byte[1], 1);
        pad();
    }

    private void write(byte[] bytes, int length) throws IOException {
        out.write(bytes, 0, length);
        written += length;
    }

    private void pad() throws IOException {
        int padding = (int) ((4 - (written & 3)) & 3);
        write(new byte[padding], padding);
    }
}
