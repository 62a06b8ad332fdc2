package io.vireo.engine.boot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads a flattened device tree blob back into nodes, for tests: an independent reader of the format
 * (devicetree specification v0.4 §5) that checks the header the way a kernel would before walking it.
 */
final class DeviceTreeBlob {
    private static final int MAGIC = 0xD00DFEED, BEGIN_NODE = 1, END_NODE = 2, PROP = 3, NOP = 4, END = 9;

    /** One node: its properties by name (raw bytes) and its children in order. */
    record Node(String name, Map<String, byte[]> properties, List<Node> children) {
        Node child(String childName) {
            return children.stream().filter(c -> c.name().equals(childName)).findFirst()
                    .orElseThrow(() -> new NoSuchElementException(name + " has no child " + childName));
        }

        /** The node at a path such as {@code /soc/serial@10000000}. */
        Node at(String path) {
            Node n = this;
            for (String part : path.substring(1).split("/")) {
                n = n.child(part);
            }
            return n;
        }

        byte[] bytes(String property) {
            byte[] value = properties.get(property);
            if (value == null) {
                throw new NoSuchElementException(name + " has no property " + property);
            }
            return value;
        }

        boolean has(String property) {
            return properties.containsKey(property);
        }

        List<String> strings(String property) {
            String all = new String(bytes(property), StandardCharsets.UTF_8);
            if (!all.endsWith("\0")) {
                throw new IllegalStateException(property + " is not zero-terminated");
            }
            return List.of(all.substring(0, all.length() - 1).split("\0", -1));
        }

        String string(String property) {
            return strings(property).getFirst();
        }

        /** The property as 32-bit big-endian cells. */
        int[] cells(String property) {
            ByteBuffer b = ByteBuffer.wrap(bytes(property));
            int[] cells = new int[b.remaining() / 4];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = b.getInt();
            }
            return cells;
        }

        /** The property as pairs of cells read as 64-bit values (#address-cells = #size-cells = 2). */
        long[] longs(String property) {
            ByteBuffer b = ByteBuffer.wrap(bytes(property));
            long[] values = new long[b.remaining() / 8];
            for (int i = 0; i < values.length; i++) {
                values[i] = b.getLong();
            }
            return values;
        }
    }

    /** The header's boot CPU and the root node. */
    record Tree(int bootCpu, Node root) {
    }

    private DeviceTreeBlob() {
    }

    static Tree parse(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob);
        if (b.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("bad magic");
        }
        int total = b.getInt(4), structOffset = b.getInt(8), stringsOffset = b.getInt(12);
        int version = b.getInt(20), lastCompatible = b.getInt(24), bootCpu = b.getInt(28);
        int stringsSize = b.getInt(32), structSize = b.getInt(36);
        if (total > blob.length || version < 17 || lastCompatible > 17
                || structOffset + structSize > total || stringsOffset + stringsSize > total) {
            throw new IllegalArgumentException("inconsistent header");
        }
        b.position(structOffset).limit(structOffset + structSize);
        Node root = null;
        List<Node> open = new ArrayList<>();
        while (true) {
            int token = b.getInt();
            switch (token) {
                case BEGIN_NODE -> {
                    Node node = new Node(name(b), new LinkedHashMap<>(), new ArrayList<>());
                    if (open.isEmpty()) {
                        root = node;
                    } else {
                        open.getLast().children().add(node);
                    }
                    open.add(node);
                }
                case PROP -> {
                    int length = b.getInt(), nameOffset = b.getInt();
                    byte[] value = new byte[length];
                    b.get(value);
                    align(b);
                    open.getLast().properties().put(string(blob, stringsOffset + nameOffset), value);
                }
                case END_NODE -> open.removeLast();
                case NOP -> { }
                case END -> {
                    if (!open.isEmpty() || root == null) {
                        throw new IllegalArgumentException("unbalanced nodes");
                    }
                    return new Tree(bootCpu, root);
                }
                default -> throw new IllegalArgumentException("unknown token " + token);
            }
        }
    }

    private static String name(ByteBuffer b) {
        int start = b.position();
        while (b.get() != 0) {
            // up to the terminating zero
        }
        String name = new String(b.array(), start, b.position() - start - 1, StandardCharsets.UTF_8);
        align(b);
        return name;
    }

    private static String string(byte[] blob, int at) {
        int end = at;
        while (blob[end] != 0) {
            end++;
        }
        return new String(blob, at, end - at, StandardCharsets.UTF_8);
    }

    private static void align(ByteBuffer b) {
        b.position((b.position() + 3) & ~3);
    }
}
