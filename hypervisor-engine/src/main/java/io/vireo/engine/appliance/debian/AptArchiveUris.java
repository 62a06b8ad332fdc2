package io.vireo.engine.appliance.debian;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The archive URIs this machine's apt is configured with, in the order apt lists them: the
 * one-line {@code deb} entries of {@code sources.list} and {@code sources.list.d/*.list}, then
 * the {@code URIs:} of {@code deb} stanzas in {@code sources.list.d/*.sources}. Reading them
 * (rather than naming a host) keeps Vireo on whatever archive or proxy the machine already uses.
 */
public final class AptArchiveUris {

    private AptArchiveUris() {
    }

    /** Discovers the URIs under an apt configuration root such as {@code /etc/apt}; empty when there are none. */
    public static List<URI> discover(Path aptEtc) {
        Set<URI> uris = new LinkedHashSet<>();
        try {
            for (Path file : sourceFiles(aptEtc)) {
                String text = Files.readString(file);
                if (file.getFileName().toString().endsWith(".sources")) {
                    uris.addAll(fromDeb822(text));
                } else {
                    uris.addAll(fromOneLineFormat(text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read apt sources under " + aptEtc, e);
        }
        return List.copyOf(uris);
    }

    static List<URI> fromOneLineFormat(String text) {
        List<URI> uris = new ArrayList<>();
        for (String raw : text.lines().toList()) {
            String line = stripComment(raw).strip();
            if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
                continue;
            }
            String rest = line.substring(3).strip();
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    continue;
                }
                rest = rest.substring(close + 1).strip();
            }
            String[] words = rest.split("\\s+");
            addUsable(words[0], uris);
        }
        return uris;
    }

    static List<URI> fromDeb822(String text) {
        List<URI> uris = new ArrayList<>();
        for (String stanza : text.split("\\n\\s*\\n")) {
            String types = field(stanza, "Types");
            String uriField = field(stanza, "URIs");
            String enabled = field(stanza, "Enabled");
            if (types == null || uriField == null || "no".equalsIgnoreCase(enabled)
                    || !List.of(types.split("\\s+")).contains("deb")) {
                continue;
            }
            for (String uri : uriField.split("\\s+")) {
                addUsable(uri, uris);
            }
        }
        return uris;
    }

    private static List<Path> sourceFiles(Path aptEtc) throws IOException {
        List<Path> files = new ArrayList<>();
        Path main = aptEtc.resolve("sources.list");
        if (Files.isRegularFile(main)) {
            files.add(main);
        }
        Path parts = aptEtc.resolve("sources.list.d");
        if (Files.isDirectory(parts)) {
            try (Stream<Path> listing = Files.list(parts)) {
                listing.filter(p -> p.getFileName().toString().matches(".*\\.(list|sources)"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    private static String field(String stanza, String name) {
        StringBuilder value = null;
        for (String raw : stanza.lines().toList()) {
            String line = stripComment(raw);
            if (value != null && !line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
                value.append(' ').append(line.strip());
                continue;
            }
            if (value != null) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                value = new StringBuilder(line.substring(colon + 1).strip());
            }
        }
        return value == null ? null : value.toString().strip();
    }

    private static String stripComment(String line) {
        return line.strip().startsWith("#") ? "" : line;
    }

    private static void addUsable(String text, List<URI> uris) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() != null && !uri.getScheme().equals("cdrom")) {
                uris.add(uri);
            }
        } catch (URISyntaxException ignored) {
            // apt itself would reject this line; skipping it leaves the other sources usable
        }
    }
}
