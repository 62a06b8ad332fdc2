package io.vireo.engine.boot.disk;

import java.util.Comparator;

/**
 * Orders version strings the way dpkg orders a package's upstream version: runs of non-digits compare
 * character by character (letters before other characters, {@code ~} before everything, even the end of the
 * string), runs of digits compare as numbers. So {@code 6.12.9} sorts before {@code 6.12.10}, and
 * {@code 6.13~rc1} before {@code 6.13}.
 */
final class DebianVersion {
    static final Comparator<String> ORDER = DebianVersion::compare;

    private DebianVersion() {
    }

    static int compare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !digit(a, i)) || (j < b.length() && !digit(b, j))) {
                int difference = weight(a, i) - weight(b, j);
                if (difference != 0) {
                    return difference;
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            int firstDifference = 0;
            while (digit(a, i) && digit(b, j)) {
                if (firstDifference == 0) {
                    firstDifference = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (digit(a, i)) {
                return 1;
            }
            if (digit(b, j)) {
                return -1;
            }
            if (firstDifference != 0) {
                return firstDifference;
            }
        }
        return 0;
    }

    private static boolean digit(String s, int i) {
        return i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128;
    }

    /** A character's weight among non-digits; the end of the string and a digit weigh 0. */
    private static int weight(String s, int i) {
        if (i >= s.length() || digit(s, i)) {
            return 0;
        }
        char c = s.charAt(i);
        if (Character.isLetter(c) && c < 128) {
            return c;
        }
        return c == '~' ? -1 : c + 256;
    }
}
