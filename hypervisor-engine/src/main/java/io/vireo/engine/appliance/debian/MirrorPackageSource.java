package io.vireo.engine.appliance.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tukaani.xz.XZInputStream;

/**
 * Packages straight from a Debian archive mirror given in settings ({@code http(s)://} or
 * {@code file://}): the suite's {@code main/binary-<architecture>/Packages.xz} index, then the .deb
 * files it names, each checked against the index's SHA-256. Needs no apt on the machine.
 */
public final class MirrorPackageSource implements DebianPackageSource {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final URI base;
    private final String suite;
    private final String architecture;
    private final Map<String, PackageRecord> index;
    private final HttpClient http;

    private MirrorPackageSource(URI base, String suite, String architecture, Map<String, PackageRecord> index,
                                HttpClient http) {
        this.base = base;
        this.suite = suite;
        this.architecture = architecture;
        this.index = index;
        this.http = http;
    }

    /**
     * Reads the first suite whose index of the architecture's packages the mirror serves.
     *
     * @param architecture the Debian architecture, e.g. {@code riscv64}
     * @throws PackageSourceException naming every suite tried when none could be read
     */
    public static MirrorPackageSource open(URI mirror, List<String> suites, String architecture) {
        URI base = mirror.toString().endsWith("/") ? mirror : URI.create(mirror + "/");
        if (!List.of("http", "https", "file").contains(String.valueOf(base.getScheme()))) {
            throw new PackageSourceException("mirror " + mirror + ": only http, https and file URLs are supported");
        }
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        List<String> failures = new ArrayList<>();
        for (String suite : suites) {
            URI indexUri = base.resolve("dists/" + suite + "/main/binary-" + architecture + "/Packages.xz");
            try (InputStream raw = openStream(http, indexUri);
                 InputStream index = new XZInputStream(raw, DebArchive.XZ_MEMORY_LIMIT_KIB);
                 BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
                return new MirrorPackageSource(base, suite, architecture, Map.copyOf(PackageStanzas.read(reader)), http);
            } catch (IOException | PackageSourceException e) {
                failures.add(indexUri + ": " + e.getMessage());
            }
        }
        throw new PackageSourceException("mirror " + mirror + ": no suite index could be read: " + String.join("; ", failures));
    }

    public String suite() {
        return suite;
    }

    @Override
    public String description() {
        return "mirror " + base + " " + suite + " " + architecture;
    }

    @Override
    public PackageRecord find(String packageName) {
        PackageRecord record = index.get(packageName);
        if (record == null) {
            throw new PackageSourceException(description() + ": no package " + packageName);
        }
        return record;
    }

    @Override
    public Map<String, PackageRecord> index() {
        return index;
    }

    @Override
    public Path download(PackageRecord record, Path directory) {
        URI uri = base.resolve(record.filename());
        try {
            Path partial = Files.createTempFile(directory, ".download", ".deb");
            try (InputStream in = openStream(http, uri)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                return DebFiles.acceptDownload(partial, record, directory, description());
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new PackageSourceException(description() + ": cannot download " + uri + ": " + e.getMessage(), e);
        }
    }

    private static InputStream openStream(HttpClient http, URI uri) throws IOException {
        if ("file".equals(uri.getScheme())) {
            try {
                return Files.newInputStream(Path.of(uri));
            } catch (NoSuchFileException e) {
                throw new IOException("no such file");
            }
        }
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
