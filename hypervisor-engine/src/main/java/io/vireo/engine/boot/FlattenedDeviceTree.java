package io.vireo.engine.boot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a flattened device tree blob (devicetree specification v0.4, version 17), big-endian. */
public final class FlattenedDeviceTree {
    private static final int MAGIC = 0xD00DFEED;
    private static final int BEGIN_NODE = 1, END_NODE = 2, PROP = 3, END = 9;

    private final ByteArrayOutputStream structure = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new LinkedHashMap<>();
    private int depth;

    public FlattenedDeviceTree beginNode(String name) {
        word(BEGIN_NODE);
        bytesPadded(zeroTerminated(name));
        depth++;
        return this;
    }

    public FlattenedDeviceTree endNode() {
        if (depth == 0) {
            throw new IllegalStateException("endNode without beginNode");
        }
        word(END_NODE);
        depth--;
        return this;
    }

    public FlattenedDeviceTree property(String name, byte[] value) {
        word(PROP);
        word(value.length);
        word(stringOffsets.computeIfAbsent(name, n -> {
            int off = strings.size();
            strings.writeBytes(zeroTerminated(n));
            return off;
        }));
        bytesPadded(value);
        return this;
    }

    public FlattenedDeviceTree empty(String name) {
        return property(name, new byte[0]);
    }

    public FlattenedDeviceTree u32(String name, int... cells) {
        ByteBuffer b = ByteBuffer.allocate(4 * cells.length);
        for (int c : cells) {
            b.putInt(c);
        }
        return property(name, b.array());
    }

    /** A property of 64-bit values, each as two cells (for #address-cells = #size-cells = 2). */
    public FlattenedDeviceTree u64(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (long v : values) {
            b.putLong(v);
        }
        return property(name, b.array());
    }

    public FlattenedDeviceTree string(String name, String... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String v : values) {
            out.writeBytes(zeroTerminated(v));
        }
        return property(name, out.toByteArray());
    }

    public byte[] toBlob(int bootCpu) {
        if (depth != 0) {
            throw new IllegalStateException("unclosed nodes: " + depth);
        }
        word(END);
        byte[] struct = structure.toByteArray();
        byte[] str = strings.toByteArray();
        int header = 40, reserve = 16;
        int offStruct = header + reserve;
        int offStrings = offStruct + struct.length;
        int total = offStrings + str.length;
        ByteBuffer b = ByteBuffer.allocate((total + 7) & ~7);
        b.putInt(MAGIC).putInt(b.capacity()).putInt(offStruct).putInt(offStrings).putInt(header)
                .putInt(17).putInt(16).putInt(bootCpu).putInt(str.length).putInt(struct.length);
        b.putLong(0).putLong(0);
        b.put(struct).put(str);
        return b.array();
    }

    private void word(int v) {
        structure.write(v >>> 24);
        structure.write(v >>> 16);
        structure.write(v >>> 8);
        structure.write(v);
    }

    private void bytesPadded(byte[] bytes) {
        structure.writeBytes(bytes);
        while (structure.size() % 4 != 0) {
            structure.write(0);
        }
    }

    private static byte[] zeroTerminated(String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[raw.length + 1];
        System.arraycopy(raw, 0, out, 0, raw.length);
        return out;
    }
}
