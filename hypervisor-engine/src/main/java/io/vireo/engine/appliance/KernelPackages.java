package io.vireo.engine.appliance;

import io.vireo.engine.appliance.debian.DebianPackageSource;
import io.vireo.engine.appliance.debian.PackageRecord;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packages of the archive's current riscv64 kernel, found by following the meta package:
 * {@code linux-image-riscv64} depends on {@code linux-image-<abi>-riscv64}, which depends on
 * {@code linux-binary-<abi>-riscv64} (the kernel) and {@code linux-modules-<abi>-riscv64}.
 */
public record KernelPackages(String abi, PackageRecord binary, PackageRecord modules) {
    static final String META_PACKAGE = "linux-image-riscv64";
    private static final Pattern IMAGE = Pattern.compile("linux-image-(.+)-riscv64");

    public static KernelPackages resolve(DebianPackageSource source) {
        PackageRecord meta = source.find(META_PACKAGE);
        String abi = meta.depends().stream()
                .map(IMAGE::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .findFirst()
                .orElseThrow(() -> new ApplianceException(source.description() + ": " + META_PACKAGE
                        + " names no linux-image-<version>-riscv64 among " + meta.depends()));
        PackageRecord image = source.find("linux-image-" + abi + "-riscv64");
        PackageRecord binary = source.find(dependency(image, "linux-binary-" + abi + "-riscv64"));
        PackageRecord modules = source.find(dependency(image, "linux-modules-" + abi + "-riscv64"));
        return new KernelPackages(abi, binary, modules);
    }

    private static String dependency(PackageRecord image, String name) {
        Optional<String> found = image.depends().stream().filter(name::equals).findFirst();
        return found.orElseThrow(() -> new ApplianceException(image.name() + " " + image.version()
                + " does not depend on " + name + "; this kernel packaging layout is not supported"));
    }
}
