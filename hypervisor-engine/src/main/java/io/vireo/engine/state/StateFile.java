package io.vireo.engine.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The container of a machine-state file (docs/saved-state.md): a header (magic, format version, section
 * count, body length, CRC-32C of the body), then tagged, length-prefixed sections, all little-endian. It
 * knows nothing of what sections mean; it only guarantees that what it hands on is whole and unaltered.
 */
public final class StateFile {
    /**
     * Version 2 of the format, which this engine writes. It reads version 1 too: a version 1 file is a
     * version 2 file whose virtio devices hold no fields of their own. A reader refuses every other one.
     */
    public static final int VERSION = 2;
    private static final int OLDEST_READ = 1;
    static final byte[] MAGIC = "VIREOSAV".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = 8 + 2 + 2 + 4 + 8 + 4;
    private static final int SECTION_HEADER_BYTES = 8;
    /** Far above any machine's device state (RAM is in its own file); a bigger file is not ours. */
    static final long MAX_FILE_BYTES = 64L << 20;
    private static final int MAX_SECTIONS = 4096;

    /** One section: a four-character tag and its payload. */
    public record Section(String tag, byte[] payload) {
        public Section {
            if (tag.length() != 4 || !tag.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                throw new IllegalArgumentException("a tag is four printable ASCII characters: " + tag);
            }
        }

        public static Section of(String tag, SectionWriter writer) {
            return new Section(tag, writer.toBytes());
        }
    }

    private StateFile() {
    }

    /** Writes the sections to {@code file} through a temporary file and a rename, so a reader sees the old file or the whole new one. */
    public static void write(Path file, List<Section> sections) throws IOException {
        long bodyBytes = sections.stream().mapToLong(s -> SECTION_HEADER_BYTES + s.payload().length).sum();
        ByteBuffer body = ByteBuffer.allocate(Math.toIntExact(bodyBytes)).order(ByteOrder.LITTLE_ENDIAN);
        for (Section s : sections) {
            body.put(s.tag().getBytes(StandardCharsets.US_ASCII)).putInt(s.payload().length).put(s.payload());
        }
        CRC32C crc = new CRC32C();
        crc.update(body.array());
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt(sections.size())
                .putLong(bodyBytes).putInt((int) crc.getValue()).flip();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(new ByteBuffer[] {header, body.flip()});
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads and checks {@code file}; each section comes back as a reader named by its tag. */
    public static List<SectionReader> read(Path file) throws SavedStateException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new SavedStateException("header: the file is " + size + " bytes; a state file has at most "
                        + MAX_FILE_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SavedStateException("file: " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        return parse(bytes);
    }

    static List<SectionReader> parse(byte[] bytes) throws SavedStateException {
        if (bytes.length < HEADER_BYTES) {
            throw new SavedStateException("header: the file has " + bytes.length + " bytes, fewer than a header's "
                    + HEADER_BYTES);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new SavedStateException("header: not a Vireo machine-state file (bad magic)");
        }
        int version = in.getShort() & 0xFFFF;
        if (version < OLDEST_READ || version > VERSION) {
            throw new SavedStateException("header: format version " + version + "; this engine reads versions "
                    + OLDEST_READ + " to " + VERSION);
        }
        int flags = in.getShort() & 0xFFFF;
        if (flags != 0) {
            throw new SavedStateException("header: flags 0x" + Integer.toHexString(flags) + "; version " + version
                    + " has none");
        }
        int count = in.getInt();
        long bodyBytes = in.getLong();
        int crc = in.getInt();
        if (bodyBytes != bytes.length - HEADER_BYTES) {
            throw new SavedStateException("header: the body should be " + bodyBytes + " bytes but the file holds "
                    + (bytes.length - HEADER_BYTES) + " (truncated or extended)");
        }
        CRC32C check = new CRC32C();
        check.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        if ((int) check.getValue() != crc) {
            throw new SavedStateException("header: the body's checksum does not match (the file is corrupted)");
        }
        if (count < 0 || count > MAX_SECTIONS) {
            throw new SavedStateException("header: " + Integer.toUnsignedString(count) + " sections; at most "
                    + MAX_SECTIONS);
        }
        return sections(in, count);
    }

    private static List<SectionReader> sections(ByteBuffer in, int count) throws SavedStateException {
        List<SectionReader> sections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (in.remaining() < SECTION_HEADER_BYTES) {
                throw new SavedStateException("section #" + i + ": its header is cut off at the end of the file");
            }
            byte[] tag = new byte[4];
            in.get(tag);
            for (byte b : tag) {
                if (b < 0x20 || b >= 0x7F) {
                    throw new SavedStateException("section #" + i + ": its tag is not four printable ASCII characters");
                }
            }
            String name = new String(tag, StandardCharsets.US_ASCII);
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new SavedStateException("section #" + i + " (" + name.strip() + "): length "
                        + Integer.toUnsignedString(length) + " runs past the end of the file");
            }
            byte[] payload = new byte[length];
            in.get(payload);
            sections.add(new SectionReader(name.strip(), payload));
        }
        if (in.hasRemaining()) {
            throw new SavedStateException("header: " + in.remaining() + " bytes after the last of " + count + " sections");
        }
        return sections;
    }
}
