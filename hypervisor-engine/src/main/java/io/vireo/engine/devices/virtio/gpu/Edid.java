package io.vireo.engine.devices.virtio.gpu;

import java.nio.charset.StandardCharsets;

/** A 128-byte EDID 1.4 base block announcing one preferred mode, so the guest picks the host's size. */
final class Edid {
    private Edid() {
    }

    static byte[] forMode(int width, int height) {
        byte[] e = new byte[128];
        byte[] header = {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0};
        System.arraycopy(header, 0, e, 0, 8);
        int id = (('V' - '@') << 10) | (('I' - '@') << 5) | ('R' - '@'); // manufacturer "VIR", big-endian
        e[8] = (byte) (id >>> 8);
        e[9] = (byte) id;
        e[10] = 1;                       // product code
        e[16] = 1;                       // week
        e[17] = (byte) (2026 - 1990);    // year
        e[18] = 1;                       // EDID 1.4
        e[19] = 4;
        e[20] = (byte) 0xA5;             // digital, 8 bits per colour, DisplayPort
        e[21] = (byte) Math.max(1, width / 40);   // screen size in cm (about 100 dpi)
        e[22] = (byte) Math.max(1, height / 40);
        e[23] = 120;                     // gamma 2.2
        e[24] = 0x06;                    // sRGB default, preferred timing mode
        for (int i = 38; i < 54; i++) {
            e[i] = 1;                    // no standard timings
        }
        detailedTiming(e, 54, width, height);
        textDescriptor(e, 72, 0xFC, "Vireo");
        e[90 + 3] = 0x10;                // dummy descriptors
        e[108 + 3] = 0x10;
        int sum = 0;
        for (int i = 0; i < 127; i++) {
            sum += e[i] & 0xFF;
        }
        e[127] = (byte) (256 - sum % 256);
        return e;
    }

    private static void detailedTiming(byte[] e, int at, int width, int height) {
        int hBlank = 160, vBlank = 30;
        int clock = (int) ((long) (width + hBlank) * (height + vBlank) * 60 / 10_000);
        e[at] = (byte) clock;
        e[at + 1] = (byte) (clock >>> 8);
        e[at + 2] = (byte) width;
        e[at + 3] = (byte) hBlank;
        e[at + 4] = (byte) (((width >>> 8) << 4) | (hBlank >>> 8));
        e[at + 5] = (byte) height;
        e[at + 6] = (byte) vBlank;
        e[at + 7] = (byte) (((height >>> 8) << 4) | (vBlank >>> 8));
        e[at + 8] = 48;                  // h sync offset
        e[at + 9] = 32;                  // h sync width
        e[at + 10] = (byte) ((3 << 4) | 5); // v sync offset 3, width 5
        int wMm = width / 4, hMm = height / 4;
        e[at + 12] = (byte) wMm;
        e[at + 13] = (byte) hMm;
        e[at + 14] = (byte) (((wMm >>> 8) << 4) | (hMm >>> 8));
        e[at + 17] = 0x18;               // digital separate sync
    }

    private static void textDescriptor(byte[] e, int at, int tag, String text) {
        e[at + 3] = (byte) tag;
        byte[] t = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 13; i++) {
            e[at + 5 + i] = i < t.length ? t[i] : 0x20;
        }
    }
}
