package io.vireo.engine.devices.virtio.scsi;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;

/**
 * MODE SENSE (6) and (10) over a unit's fixed mode pages (SPC-4 §6.11, §6.12): the header with the
 * write-protect bit, no block descriptor, then the page asked for or all of them (0x3F). Nothing is
 * changeable (the changeable-values answer is the pages with every field zero) and nothing is saved.
 */
final class ModeSense {
    static final int MODE_SENSE_6 = 0x1A, MODE_SENSE_10 = 0x5A;
    private static final int ALL_PAGES = 0x3F, CHANGEABLE = 1, SAVED = 3;

    private ModeSense() {
    }

    /** @param pages page code to the whole page (code and length bytes first) */
    static Completion answer(Cdb cdb, DataBuffers data, boolean writeProtected, SortedMap<Integer, byte[]> pages) {
        int page = cdb.u8(2) & 0x3F, control = cdb.u8(2) >> 6, subpage = cdb.u8(3);
        if (control == SAVED) {
            return Completion.check(Sense.SAVING_NOT_SUPPORTED);
        }
        if (subpage != 0 && !(subpage == 0xFF && page == ALL_PAGES)) {
            return Completion.check(Sense.INVALID_FIELD);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<Integer, byte[]> p : pages.entrySet()) {
            if (page == ALL_PAGES || page == p.getKey()) {
                byte[] bytes = p.getValue().clone();
                if (control == CHANGEABLE) {
                    Arrays.fill(bytes, 2, bytes.length, (byte) 0);
                }
                body.writeBytes(bytes);
            }
        }
        if (body.size() == 0) {
            return Completion.check(Sense.INVALID_FIELD);
        }
        int deviceSpecific = writeProtected ? 0x80 : 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (cdb.opcode() == MODE_SENSE_6) {
            out.write(3 + body.size());
            out.write(0);
            out.write(deviceSpecific);
            out.write(0);
            out.writeBytes(body.toByteArray());
            return data.send(out.toByteArray(), cdb.u8(4));
        }
        int length = 6 + body.size();
        out.write(length >> 8);
        out.write(length);
        out.write(0);
        out.write(deviceSpecific);
        out.writeBytes(new byte[4]);
        out.writeBytes(body.toByteArray());
        return data.send(out.toByteArray(), cdb.u16(7));
    }
}
