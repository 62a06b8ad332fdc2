package io.vireo.console.ovf;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VMware {@code .vmx} file as the key/value pairs it holds. Keys are case-insensitive ({@code memsize} and
 * {@code memSize} are one key; the last one written wins, as in VMware). Values are in the charset the
 * {@code .encoding} line names (UTF-8 when it names none), and a byte VMware could not write plainly is escaped as
 * {@code |XX}, two hex digits ({@code |22} a quote, {@code |7C} the bar itself).
 */
record VmxFile(Map<String, String> entries) {
    static final int MAX_BYTES = 1 << 20;
    /** {@code key = "value"}; any key VMware or a user wrote, a value quoted or (rarely) bare. */
    private static final Pattern LINE = Pattern.compile("\\s*([^\\s=\"]+)\\s*=\\s*(?:\"(.*)\"|(\\S*))\\s*");
    private static final Pattern ESCAPE = Pattern.compile("\\|([0-9A-Fa-f]{2})");

    static VmxFile parse(byte[] bytes, String name) throws OvfException {
        if (bytes.length > MAX_BYTES) {
            throw new OvfException(name + " is larger than " + (MAX_BYTES >> 20) + " MiB; no .vmx file is that long");
        }
        // Read byte for byte first: the escapes and the .encoding line are plain ASCII, the values are decoded after.
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        Map<String, String> rawValues = new TreeMap<>();
        int lineNumber = 0;
        for (String line : raw.split("\r?\n")) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new OvfException(name + " line " + lineNumber + " is not a key = \"value\" pair: "
                        + OvfUnits.abbreviate(trimmed));
            }
            rawValues.put(m.group(1).toLowerCase(Locale.ROOT), unescape(m.group(2) != null ? m.group(2) : m.group(3)));
        }
        Charset charset = charset(Optional.ofNullable(rawValues.get(".encoding")), name);
        Map<String, String> entries = new TreeMap<>();
        rawValues.forEach((key, value) -> entries.put(key, new String(value.getBytes(StandardCharsets.ISO_8859_1),
                charset)));
        return new VmxFile(Map.copyOf(entries));
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(entries.get(key.toLowerCase(Locale.ROOT))).filter(v -> !v.isBlank());
    }

    /** VMware writes booleans as TRUE/FALSE, sometimes lower case. */
    boolean isTrue(String key) {
        return get(key).map(v -> v.equalsIgnoreCase("true")).orElse(false);
    }

    long number(String key, long otherwise) throws OvfException {
        Optional<String> value = get(key);
        return value.isEmpty() ? otherwise : OvfUnits.number(value.get(), key);
    }

    /** Each {@code |XX} as the one byte it stands for (a char of the same value, decoded later). */
    private static String unescape(String value) {
        return ESCAPE.matcher(value).replaceAll(m -> Matcher.quoteReplacement(
                String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }

    private static Charset charset(Optional<String> encoding, String name) throws OvfException {
        if (encoding.isEmpty()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(encoding.get().strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new OvfException(name + " is written in the encoding " + OvfUnits.abbreviate(encoding.get())
                    + ", which Vireo does not know");
        }
    }
}
