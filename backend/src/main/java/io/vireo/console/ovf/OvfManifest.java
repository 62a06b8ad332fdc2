package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A package's {@code .mf}: one digest a line, in the forms ovftool and VirtualBox write ({@code SHA256(f)= hex},
 * {@code SHA1 (f) = hex}, with CRLF line ends). Every file it lists must be present with that digest; a package file
 * it leaves out is refused too, since nothing would vouch for it.
 */
record OvfManifest(Map<String, Entry> entries) {
    static final int MAX_BYTES = 64 * 1024;
    private static final Pattern LINE = Pattern.compile("(SHA1|SHA256|SHA512)\\s*\\((.+)\\)\\s*=\\s*([0-9A-Fa-f]+)");

    record Entry(String algorithm, String hex) {
    }

    static OvfManifest parse(String text) throws OvfException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n|\r")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new OvfException("The manifest has a line that is not a digest: " + OvfUnits.abbreviate(line));
            }
            String algorithm = m.group(1);
            String hex = m.group(3).toLowerCase(Locale.ROOT);
            if (hex.length() != expectedLength(algorithm)) {
                throw new OvfException("The manifest's " + algorithm + " digest of " + m.group(2) + " has "
                        + hex.length() + " hex digits");
            }
            entries.put(PackageNames.check(m.group(2).strip()), new Entry(algorithm, hex));
        }
        return new OvfManifest(Map.copyOf(entries));
    }

    private static int expectedLength(String algorithm) {
        return switch (algorithm) {
            case "SHA1" -> 40;
            case "SHA256" -> 64;
            default -> 128;
        };
    }

    /** Checks every file of the package (by name, in {@code folder}) against the manifest; throws naming the first bad one. */
    void verify(Path folder, Set<String> packageFiles) throws OvfException, IOException {
        for (String name : entries.keySet()) {
            if (!Files.isRegularFile(folder.resolve(name))) {
                throw new OvfException("The manifest lists " + name + ", which the package does not hold");
            }
        }
        for (String name : packageFiles) {
            if (!entries.containsKey(name)) {
                throw new OvfException("The package holds " + name + ", which its manifest does not list");
            }
        }
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String actual = digest(folder.resolve(e.getKey()), e.getValue().algorithm());
            if (!actual.equals(e.getValue().hex())) {
                throw new OvfException("The " + e.getValue().algorithm() + " digest of " + e.getKey()
                        + " does not match the manifest: the file is damaged or was changed");
            }
        }
    }

    static String digest(Path file, String algorithm) throws IOException {
        MessageDigest digest = newDigest(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.replace("SHA", "SHA-"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }

    static String read(Path file) throws IOException, OvfException {
        if (Files.size(file) > MAX_BYTES) {
            throw new OvfException("The manifest " + file.getFileName() + " is larger than " + MAX_BYTES / 1024
                    + " KiB; no manifest is that long");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
