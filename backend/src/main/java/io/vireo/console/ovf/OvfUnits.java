package io.vireo.console.ovf;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the units of OVF quantities: DMTF's programmatic units ({@code byte * 2^20}, {@code byte*1024^3}) and the
 * names tools write instead ({@code MegaBytes}, {@code MB}, {@code GigaBytes}).
 */
final class OvfUnits {
    private static final Pattern PROGRAMMATIC = Pattern.compile("byte\\s*\\*\\s*(\\d+)\\s*\\^\\s*(\\d+)");

    private OvfUnits() {
    }

    /** Bytes per unit, or throws naming the unit; {@code fallback} is used where the descriptor names none. */
    static long bytesPerUnit(String unit, long fallback) throws OvfException {
        if (unit == null || unit.isBlank()) {
            return fallback;
        }
        String u = unit.strip().toLowerCase(Locale.ROOT);
        Matcher m = PROGRAMMATIC.matcher(u);
        if (m.matches()) {
            BigInteger value = new BigInteger(m.group(1)).pow(Math.min(Integer.parseInt(m.group(2)), 100));
            if (value.signum() <= 0 || value.bitLength() > 50) {
                throw new OvfException("The unit " + unit + " is out of range");
            }
            return value.longValueExact();
        }
        return switch (u) {
            case "byte", "bytes", "b" -> 1;
            case "kilobytes", "kb", "kib" -> 1L << 10;
            case "megabytes", "mb", "mib" -> 1L << 20;
            case "gigabytes", "gb", "gib" -> 1L << 30;
            case "terabytes", "tb", "tib" -> 1L << 40;
            default -> throw new OvfException("The unit " + unit + " is not one OVF defines");
        };
    }

    /** {@code quantity} units as bytes, refused when it overflows or is negative. */
    static long bytes(String quantity, String unit, long fallback, String what) throws OvfException {
        long value = number(quantity, what);
        try {
            return Math.multiplyExact(value, bytesPerUnit(unit, fallback));
        } catch (ArithmeticException e) {
            throw new OvfException(what + " of " + quantity + " " + unit + " is absurdly large");
        }
    }

    static long number(String text, String what) throws OvfException {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw new OvfException(what + " is negative: " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new OvfException(what + " is not a number: " + abbreviate(text));
        }
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
