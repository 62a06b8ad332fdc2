package io.vireo.engine.devices.virtio.scsi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The INQUIRY answers of one logical unit (SPC-4 §6.6, §7.8): standard data and the vital product data
 * pages it lists in page 0x00, which always include the serial number (0x80) and a T10 vendor
 * designator (0x83); a unit adds its own (a disk's block limits and characteristics).
 */
final class Inquiry {
    static final int TYPE_DISK = 0, TYPE_CDROM = 5;
    /** The peripheral byte for a LUN that has no unit behind it: qualifier 3, type 0x1F. */
    static final int NO_UNIT = 0x7F;
    private static final String VENDOR = "VIREO   ";
    private static final int SPC3 = 5;

    private final int peripheralType;
    private final boolean removable;
    private final String product;
    private final Map<Integer, byte[]> pages = new TreeMap<>();

    /** @param extraPages page code to the page's bytes after its 4-byte header */
    Inquiry(int peripheralType, boolean removable, String product, String serial, Map<Integer, byte[]> extraPages) {
        this.peripheralType = peripheralType;
        this.removable = removable;
        this.product = product;
        byte[] serialBytes = serial.getBytes(StandardCharsets.US_ASCII);
        pages.put(0x80, serialBytes);
        byte[] id = (VENDOR + serial).getBytes(StandardCharsets.US_ASCII);
        byte[] designator = new byte[4 + id.length];
        designator[0] = 0x02; // ASCII
        designator[1] = 0x01; // T10 vendor ID, associated with the logical unit
        designator[3] = (byte) id.length;
        System.arraycopy(id, 0, designator, 4, id.length);
        pages.put(0x83, designator);
        pages.putAll(extraPages);
        byte[] list = new byte[pages.size() + 1];
        int i = 1;
        for (int code : pages.keySet()) {
            list[i++] = (byte) code;
        }
        pages.put(0x00, list);
    }

    Completion answer(Cdb cdb, DataBuffers data) {
        boolean vital = (cdb.u8(1) & 1) != 0;
        int page = cdb.u8(2), allocation = cdb.u16(3);
        if (!vital) {
            return page != 0 ? Completion.check(Sense.INVALID_FIELD) : data.send(standard(peripheralType), allocation);
        }
        byte[] body = pages.get(page);
        if (body == null) {
            return Completion.check(Sense.INVALID_FIELD);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(peripheralType);
        out.write(page);
        out.write(body.length >> 8);
        out.write(body.length);
        out.writeBytes(body);
        return data.send(out.toByteArray(), allocation);
    }

    /** Standard INQUIRY data; {@code peripheral} is the unit's type, or {@link #NO_UNIT}. */
    byte[] standard(int peripheral) {
        byte[] b = new byte[36];
        b[0] = (byte) peripheral;
        b[1] = (byte) (removable ? 0x80 : 0);
        b[2] = SPC3;
        b[3] = 0x12; // HiSup, response data format 2
        b[4] = (byte) (b.length - 5);
        b[7] = 0x02; // CmdQue: commands may be queued
        put(b, 8, VENDOR, 8);
        put(b, 16, product, 16);
        put(b, 32, "1.0", 4);
        return b;
    }

    private static void put(byte[] b, int offset, String text, int width) {
        byte[] padded = Arrays.copyOf((text + " ".repeat(width)).getBytes(StandardCharsets.US_ASCII), width);
        System.arraycopy(padded, 0, b, offset, width);
    }
}
