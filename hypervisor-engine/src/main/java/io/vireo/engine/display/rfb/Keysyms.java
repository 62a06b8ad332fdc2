package io.vireo.engine.display.rfb;

import java.util.HashMap;
import java.util.Map;

/**
 * X11 keysyms as RFB clients send them, mapped to Linux input key codes for a US keyboard layout.
 * Shifted characters map to the key that produces them; the client sends Shift itself.
 */
public final class Keysyms {
    private static final Map<Integer, Integer> CODES = new HashMap<>();

    static {
        String plain = "1234567890-=qwertyuiop[]asdfghjkl;'`\\zxcvbnm,./";
        String shifted = "!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:\"~|ZXCVBNM<>?";
        int[] codes = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
            30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53};
        for (int i = 0; i < codes.length; i++) {
            CODES.put((int) plain.charAt(i), codes[i]);
            CODES.put((int) shifted.charAt(i), codes[i]);
        }
        int[][] special = {
            {' ', 57}, {0xFF0D, 28}, {0xFF08, 14}, {0xFF09, 15}, {0xFF1B, 1}, {0xFFFF, 111},
            {0xFF51, 105}, {0xFF52, 103}, {0xFF53, 106}, {0xFF54, 108},
            {0xFF50, 102}, {0xFF57, 107}, {0xFF55, 104}, {0xFF56, 109}, {0xFF63, 110},
            {0xFFE1, 42}, {0xFFE2, 54}, {0xFFE3, 29}, {0xFFE4, 97}, {0xFFE9, 56}, {0xFFEA, 100},
            {0xFFEB, 125}, {0xFFEC, 126}, {0xFFE5, 58}, {0xFF8D, 96},
        };
        for (int[] s : special) {
            CODES.put(s[0], s[1]);
        }
        int[] functionKeys = {59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 87, 88};
        for (int i = 0; i < functionKeys.length; i++) {
            CODES.put(0xFFBE + i, functionKeys[i]);
        }
    }

    private Keysyms() {
    }

    /** The Linux key code for a keysym, or 0 if this layout has no key for it. */
    public static int linuxKeyCode(int keysym) {
        return CODES.getOrDefault(keysym, 0);
    }
}
