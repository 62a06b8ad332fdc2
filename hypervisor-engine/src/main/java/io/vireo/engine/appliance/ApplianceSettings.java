package io.vireo.engine.appliance;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where appliance builds get packages from and keep their results.
 *
 * @param cacheDirectory downloads, unpacked kernels and built appliances
 * @param mirror a Debian archive base URL to use before (or instead of) the machine's apt sources
 * @param suites Debian suites to try, in order, until one serves the packages of the architecture wanted
 * @param aptEtc the apt configuration root whose sources name the archive
 */
public record ApplianceSettings(Path cacheDirectory, Optional<URI> mirror, List<String> suites, Path aptEtc) {
    public static final List<String> DEFAULT_SUITES = List.of("sid", "trixie");

    public ApplianceSettings {
        suites = List.copyOf(suites);
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("at least one Debian suite is needed");
        }
    }

    /**
     * Reads system properties, then environment variables: {@code vireo.cache}/{@code VIREO_CACHE}
     * (default {@code ~/.cache/vireo}), {@code vireo.debian.mirror}/{@code VIREO_DEBIAN_MIRROR},
     * {@code vireo.debian.suites}/{@code VIREO_DEBIAN_SUITES} (comma-separated, default sid,trixie).
     */
    public static ApplianceSettings fromEnvironment() {
        Path cache = setting("vireo.cache", "VIREO_CACHE")
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "vireo"));
        Optional<URI> mirror = setting("vireo.debian.mirror", "VIREO_DEBIAN_MIRROR").map(URI::create);
        List<String> suites = setting("vireo.debian.suites", "VIREO_DEBIAN_SUITES")
                .map(value -> Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(DEFAULT_SUITES);
        return new ApplianceSettings(cache, mirror, suites, Path.of("/etc/apt"));
    }

    private static Optional<String> setting(String property, String environment) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
