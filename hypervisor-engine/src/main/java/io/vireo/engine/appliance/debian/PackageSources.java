package io.vireo.engine.appliance.debian;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the package source that works: the mirror from settings when one is given, else (or
 * when it fails) the machine's apt configuration. When neither works the error names both
 * attempts, so the user sees what to fix.
 */
public final class PackageSources {

    private PackageSources() {
    }

    /**
     * @param architecture the Debian architecture whose packages are wanted, e.g. {@code riscv64}
     * @param aptStateRoot where the apt source keeps its state; one root per architecture
     */
    public static DebianPackageSource open(Optional<URI> mirror, Path aptEtc, List<String> suites, String architecture,
                                           Path aptStateRoot) {
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("at least one Debian suite is needed");
        }
        List<String> failures = new ArrayList<>();
        if (mirror.isPresent()) {
            try {
                return MirrorPackageSource.open(mirror.get(), suites, architecture);
            } catch (PackageSourceException e) {
                failures.add(e.getMessage());
            }
        } else {
            failures.add("mirror: none configured (set system property vireo.debian.mirror or VIREO_DEBIAN_MIRROR)");
        }
        try {
            return AptPackageSource.open(AptArchiveUris.discover(aptEtc), suites, architecture, aptStateRoot);
        } catch (PackageSourceException e) {
            failures.add(e.getMessage() + " (apt configuration read from " + aptEtc + ")");
        }
        throw new PackageSourceException("No source of Debian " + architecture + " packages worked. "
                + String.join(". ", failures));
    }
}
