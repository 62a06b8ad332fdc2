package io.vireo.engine.display.rfb;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The guest's keyboard layout, as a session maps X11 keysyms from an RFB client to Linux key codes:
 * each character goes to the key that produces it on that layout. The client sends Shift and AltGr
 * (ISO_Level3_Shift) itself, so a keysym needs only its key; dead keys map to their key as well.
 */
public enum KeyboardLayout {
    /** US QWERTY. */
    US("`1234567890-=qwertyuiop[]asdfghjkl;'\\\0zxcvbnm,./",
            "~!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:\"|\0ZXCVBNM<>?",
            "",
            new int[0][]),
    /** German QWERTZ (T1): y and z swapped, umlauts, AltGr for @ € { [ ] } \ | ~ µ ² ³. */
    DE("^1234567890ß´qwertzuiopü+asdfghjklöä#<yxcvbnm,.-",
            "°!\"§$%&/()=?`QWERTZUIOPÜ*ASDFGHJKLÖÄ'>YXCVBNM;:_",
            "\0\0²³\0\0\0{[]}\\\0@\0€\0\0\0\0\0\0\0\0~\0\0\0\0\0\0\0\0\0\0\0\0|\0\0\0\0\0\0µ",
            new int[][] {{0xFE52, 41}, {0xFE51, 13}, {0xFE50, 13}, {0xFE53, 27}});

    /** Keysyms for characters beyond Latin-1 are the code point plus this (the euro sign also has a legacy 0x20AC, its code point). */
    private static final int UNICODE_KEYSYM = 0x01000000;

    /** The keys every layout shares; a holder class, since an enum's constructor cannot read its own statics. */
    private static final class Keys {
        /** The Linux key codes of the character keys, in the order of the layout strings above. */
        static final int[] CHARACTER_KEYS = {41, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 43, 86,
                44, 45, 46, 47, 48, 49, 50, 51, 52, 53};
        static final int[][] SPECIAL_KEYS = {
                {' ', 57}, {0xFF0D, 28}, {0xFF08, 14}, {0xFF09, 15}, {0xFF1B, 1}, {0xFFFF, 111},
                {0xFF51, 105}, {0xFF52, 103}, {0xFF53, 106}, {0xFF54, 108},
                {0xFF50, 102}, {0xFF57, 107}, {0xFF55, 104}, {0xFF56, 109}, {0xFF63, 110},
                {0xFFE1, 42}, {0xFFE2, 54}, {0xFFE3, 29}, {0xFFE4, 97}, {0xFFE9, 56}, {0xFFEA, 100},
                {0xFE03, 100}, {0xFF7E, 100}, {0xFFEB, 125}, {0xFFEC, 126}, {0xFF67, 127}, {0xFFE5, 58},
                {0xFF7F, 69}, {0xFF14, 70}, {0xFF61, 99}, {0xFF13, 119},
                {0xFF8D, 96}, {0xFFAA, 55}, {0xFFAB, 78}, {0xFFAD, 74}, {0xFFAE, 83}, {0xFFAF, 98},
                {0xFFB0, 82}, {0xFFB1, 79}, {0xFFB2, 80}, {0xFFB3, 81}, {0xFFB4, 75},
                {0xFFB5, 76}, {0xFFB6, 77}, {0xFFB7, 71}, {0xFFB8, 72}, {0xFFB9, 73},
        };
        static final int[] FUNCTION_KEYS = {59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 87, 88};
        static final int KEYSYM_F1 = 0xFFBE;
    }

    private final Map<Integer, Integer> codes = new HashMap<>();

    KeyboardLayout(String plain, String shifted, String altGr, int[][] deadKeys) {
        for (int[] s : Keys.SPECIAL_KEYS) {
            codes.put(s[0], s[1]);
        }
        for (int i = 0; i < Keys.FUNCTION_KEYS.length; i++) {
            codes.put(Keys.KEYSYM_F1 + i, Keys.FUNCTION_KEYS[i]);
        }
        for (String level : new String[] {plain, shifted, altGr}) {
            for (int i = 0; i < level.length(); i++) {
                if (level.charAt(i) != 0) {
                    codes.putIfAbsent((int) level.charAt(i), Keys.CHARACTER_KEYS[i]);
                }
            }
        }
        for (int[] d : deadKeys) {
            codes.put(d[0], d[1]);
        }
    }

    /** The Linux key code for a keysym, or 0 if this layout has no key for it. */
    public int linuxKeyCode(int keysym) {
        int key = (keysym & 0xFF000000) == UNICODE_KEYSYM ? keysym & 0xFFFFFF : keysym;
        return codes.getOrDefault(key, 0);
    }

    /** A layout by its usual short name ({@code us}, {@code de}). */
    public static KeyboardLayout named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown keyboard layout " + name + "; known: us, de");
        }
    }
}
