package io.vireo.engine.appliance;

import io.vireo.engine.appliance.debian.DebianPackageSource;
import io.vireo.engine.appliance.debian.PackageRecord;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packages of the archive's current kernel of an architecture, found by following the meta package, e.g. for
 * riscv64: {@code linux-image-riscv64} depends on {@code linux-image-<abi>-riscv64}, which depends on
 * {@code linux-binary-<abi>-riscv64} (the kernel) and {@code linux-modules-<abi>-riscv64}. Debian names the
 * kernel flavour after the architecture ({@code amd64} for x86-64).
 */
public record KernelPackages(String abi, PackageRecord binary, PackageRecord modules) {

    public static KernelPackages resolve(DebianPackageSource source, ApplianceArchitecture architecture) {
        String flavour = architecture.debian();
        String metaPackage = metaPackage(architecture);
        PackageRecord meta = source.find(metaPackage);
        Pattern image = Pattern.compile("linux-image-(.+)-" + Pattern.quote(flavour));
        String abi = meta.depends().stream()
                .map(image::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .findFirst()
                .orElseThrow(() -> new ApplianceException(source.description() + ": " + metaPackage
                        + " names no linux-image-<version>-" + flavour + " among " + meta.depends()));
        PackageRecord imagePackage = source.find("linux-image-" + abi + "-" + flavour);
        PackageRecord binary = source.find(dependency(imagePackage, "linux-binary-" + abi + "-" + flavour));
        PackageRecord modules = source.find(dependency(imagePackage, "linux-modules-" + abi + "-" + flavour));
        return new KernelPackages(abi, binary, modules);
    }

    /** The package that always depends on the archive's current kernel, e.g. {@code linux-image-riscv64}. */
    static String metaPackage(ApplianceArchitecture architecture) {
        return "linux-image-" + architecture.debian();
    }

    private static String dependency(PackageRecord image, String name) {
        Optional<String> found = image.depends().stream().filter(name::equals).findFirst();
        return found.orElseThrow(() -> new ApplianceException(image.name() + " " + image.version()
                + " does not depend on " + name + "; this kernel packaging layout is not supported"));
    }
}
