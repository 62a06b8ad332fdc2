package io.vireo.engine.display.rfb;

/**
 * QEMU's extended key event carries the physical key as an XT scan code in "qnum" form (the code,
 * plus 0x80 for keys with the E0 prefix), so the guest applies its own layout and no keysym table is
 * needed. Set-1 codes 1..88 are Linux key codes already; the rest map through this table.
 */
final class XtKeycodes {
    private static final int[] LINUX = new int[256];

    static {
        for (int code = 1; code <= 88; code++) {
            LINUX[code] = code;
        }
        int[][] others = {
            {0x54, 99}, {0x70, 93}, {0x73, 89}, {0x79, 92}, {0x7B, 94}, {0x7D, 124},
            {0x90, 165}, {0x99, 163}, {0x9C, 96}, {0x9D, 97}, {0xA0, 113}, {0xA2, 164}, {0xA4, 166},
            {0xAE, 114}, {0xB0, 115}, {0xB5, 98}, {0xB7, 99}, {0xB8, 100}, {0xC6, 119},
            {0xC7, 102}, {0xC8, 103}, {0xC9, 104}, {0xCB, 105}, {0xCD, 106}, {0xCF, 107},
            {0xD0, 108}, {0xD1, 109}, {0xD2, 110}, {0xD3, 111}, {0xDB, 125}, {0xDC, 126}, {0xDD, 127},
            {0xDE, 116}, {0xDF, 142}, {0xE3, 143},
        };
        for (int[] o : others) {
            LINUX[o[0]] = o[1];
        }
    }

    private XtKeycodes() {
    }

    /** The Linux key code for a qnum, or 0 if there is none. */
    static int linuxKeyCode(int qnum) {
        return qnum > 0 && qnum < LINUX.length ? LINUX[qnum] : 0;
    }
}
