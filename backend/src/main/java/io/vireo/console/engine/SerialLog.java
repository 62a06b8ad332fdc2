package io.vireo.console.engine;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A VM's serial output: the recent tail in memory for the console's serial view, and everything in
 * {@code serial.log} in the VM's folder (the previous power-on's output moves to {@code serial.log.1}).
 * Bytes arrive on a hart thread, so appending must stay cheap: the file is flushed per line.
 */
public final class SerialLog implements AutoCloseable {
    public static final String FILE_NAME = "serial.log";
    public static final int TAIL_BYTES = 64 * 1024;

    private final byte[] tail = new byte[TAIL_BYTES];
    private long written;
    private final OutputStream file;

    SerialLog(Path folder) throws IOException {
        this(rotate(folder), StandardOpenOption.TRUNCATE_EXISTING);
    }

    private SerialLog(Path log, StandardOpenOption mode) throws IOException {
        file = new BufferedOutputStream(Files.newOutputStream(log, StandardOpenOption.CREATE, mode,
                StandardOpenOption.WRITE));
    }

    /**
     * The log of a VM whose output arrives from elsewhere (a libvirt host's console stream), added to
     * {@code serial.log} in {@code folder}: {@link #rotate} first for a new power-on; a stream taken up again after
     * its connection broke (or after the domain was saved and restored) goes on in the same file, its tail
     * starting with what the file already holds.
     */
    public static SerialLog continuing(Path folder) throws IOException {
        Files.createDirectories(folder);
        byte[] before = tailBytesOf(folder);
        SerialLog log = new SerialLog(folder.resolve(FILE_NAME), StandardOpenOption.APPEND);
        System.arraycopy(before, 0, log.tail, 0, before.length);
        log.written = before.length;
        return log;
    }

    /**
     * Makes room in {@code folder} for a power-on's log: the previous one becomes {@code serial.log.1}. Answers where
     * the new one goes; a VM on a libvirt host has QEMU write there.
     */
    public static Path rotate(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path log = folder.resolve(FILE_NAME);
        if (Files.exists(log)) {
            Files.move(log, folder.resolve(FILE_NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        return log;
    }

    public synchronized void append(int b) {
        tail[(int) (written++ % TAIL_BYTES)] = (byte) b;
        try {
            file.write(b);
            if (b == '\n') {
                file.flush();
            }
        } catch (IOException e) {
            // The tail still shows the output; a full disk must not stop the guest.
        }
    }

    /** The last {@link #TAIL_BYTES} bytes the guest wrote, as text. */
    public synchronized String tail() {
        int length = (int) Math.min(written, TAIL_BYTES);
        byte[] out = new byte[length];
        int start = (int) ((written - length) % TAIL_BYTES);
        int first = Math.min(length, TAIL_BYTES - start);
        System.arraycopy(tail, start, out, 0, first);
        System.arraycopy(tail, 0, out, first, length - first);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The end of the log a VM left in its folder, for when it is not running. */
    public static String tailOf(Path folder) throws IOException {
        return new String(tailBytesOf(folder), StandardCharsets.UTF_8);
    }

    private static byte[] tailBytesOf(Path folder) throws IOException {
        Path log = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(log)) {
            return new byte[0];
        }
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            long start = Math.max(0, channel.size() - TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
            channel.position(start);
            int read;
            do {
                read = channel.read(buffer);
            } while (read > 0 && buffer.hasRemaining());
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException e) {
            // nothing more to keep
        }
    }
}
