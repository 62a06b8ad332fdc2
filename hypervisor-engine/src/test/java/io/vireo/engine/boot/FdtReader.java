package io.vireo.engine.boot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a flattened device tree back for tests, checking the header and structure a kernel relies on:
 * every node is a path, every property a byte array. Throws {@link IllegalArgumentException} when the blob
 * is malformed.
 */
final class FdtReader {
    private FdtReader() {
    }

    /** Properties by path, e.g. {@code "/chosen/bootargs"}. */
    static Map<String, byte[]> read(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob);
        require(b.getInt(0) == 0xD00DFEED, "magic");
        require(b.getInt(4) == blob.length, "totalsize");
        int structOffset = b.getInt(8), stringsOffset = b.getInt(12), structSize = b.getInt(36);
        require(b.getInt(20) == 17, "version");
        Map<String, byte[]> properties = new LinkedHashMap<>();
        List<String> path = new ArrayList<>();
        int at = structOffset;
        while (true) {
            require(at + 4 <= structOffset + structSize, "structure block overrun");
            int token = b.getInt(at);
            at += 4;
            switch (token) {
                case 1 -> {
                    int end = at;
                    while (blob[end] != 0) {
                        end++;
                    }
                    path.add(new String(blob, at, end - at, StandardCharsets.UTF_8));
                    at = align(end + 1);
                }
                case 2 -> {
                    require(!path.isEmpty(), "END_NODE without BEGIN_NODE");
                    path.removeLast();
                }
                case 3 -> {
                    int length = b.getInt(at), nameOffset = b.getInt(at + 4);
                    byte[] value = new byte[length];
                    b.get(at + 8, value);
                    properties.put(String.join("/", path) + "/" + string(blob, stringsOffset + nameOffset), value);
                    at = align(at + 8 + length);
                }
                case 9 -> {
                    require(path.isEmpty(), "unclosed nodes");
                    return properties;
                }
                default -> throw new IllegalArgumentException("unknown token " + token + " at " + at);
            }
        }
    }

    /** The first string of a string-list property (what the kernel reads from bootargs). */
    static String string(byte[] value) {
        return string(value, 0);
    }

    private static String string(byte[] blob, int from) {
        int end = from;
        while (blob[end] != 0) {
            end++;
        }
        return new String(blob, from, end - from, StandardCharsets.UTF_8);
    }

    private static int align(int at) {
        return (at + 3) & ~3;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("malformed device tree: " + what);
        }
    }
}
