package io.vireo.engine.storage.ext4;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One name in a directory and the inode it names. Directories are read linearly, block by block: an htree
 * directory's index blocks look like a block holding one empty entry, so they are skipped the same way.
 */
record DirectoryEntry(String name, long inode) {
    private static final int HEADER = 8;

    /** The entries of a directory whose contents are {@code data}, read in blocks of {@code blockSize}. */
    static List<DirectoryEntry> parse(byte[] data, int blockSize, boolean typedNames, String where)
            throws FilesystemException {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<DirectoryEntry> entries = new ArrayList<>();
        for (int block = 0; block < data.length; block += blockSize) {
            int end = Math.min(data.length, block + blockSize);
            int at = block;
            while (at + HEADER <= end) {
                long inode = b.getInt(at) & 0xFFFFFFFFL;
                int recordLength = b.getShort(at + 4) & 0xFFFF;
                int nameLength = typedNames ? b.get(at + 6) & 0xFF : b.getShort(at + 6) & 0xFFFF;
                if (recordLength < HEADER || recordLength % 4 != 0 || recordLength > end - at
                        || nameLength > recordLength - HEADER) {
                    throw new FilesystemException("%s: a broken directory entry at byte %d (record length %d, name length %d)"
                            .formatted(where, at, recordLength, nameLength));
                }
                if (inode != 0 && nameLength > 0) {
                    entries.add(new DirectoryEntry(new String(data, at + HEADER, nameLength, StandardCharsets.UTF_8), inode));
                }
                at += recordLength;
            }
        }
        return entries;
    }
}
