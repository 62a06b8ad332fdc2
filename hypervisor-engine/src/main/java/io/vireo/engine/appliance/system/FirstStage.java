package io.vireo.engine.appliance.system;

import io.vireo.engine.appliance.ApplianceException;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.appliance.debian.DebianPackageSource;
import io.vireo.engine.appliance.debian.PackageCache;
import io.vireo.engine.appliance.debian.PackageClosure;
import io.vireo.engine.appliance.debian.PackageRecord;
import io.vireo.engine.appliance.debian.RootTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The host's part of installing a Debian system, running no guest program: it resolves the package set, fetches
 * it, unpacks every package into a root directory (so the guest has a shell, dpkg and their libraries when it
 * first starts), leaves the .deb files and debootstrap's install order for {@link SecondStage}, writes the
 * system's own configuration files ({@link SystemFiles}) and makes an ext4 image of the tree with
 * {@code mke2fs -d}.
 *
 * <p>dpkg is told it is installed (as debootstrap's second stage does) so it can install the others; its
 * database is otherwise empty and the guest fills it.
 */
public final class FirstStage {
    /** Installed one by one first, in this order, as debootstrap does: each one the next ones' scripts need. */
    static final List<String> CORE = List.of("base-passwd", "base-files", "dpkg", "libc6", "perl-base", "mawk", "debconf");

    private FirstStage() {
    }

    /** What the first stage made: the disk image, the packages on it, and the tree it was made from. */
    public record Result(Path image, List<PackageRecord> packages, Path tree) {
    }

    /**
     * @param systemPackages what the system needs beyond Debian's {@code required} and {@code important} packages
     * @param work an empty directory for the tree and the image
     * @param progress told 0–100 of this stage
     */
    public static Result build(DebianPackageSource source, PackageCache cache, List<String> systemPackages,
                               Path work, long diskBytes, ProgressListener progress) throws IOException {
        progress.progress(0, "Resolving the packages of the system from " + source.description());
        PackageClosure closure = new PackageClosure(source.index());
        List<String> required = closure.withPriority("required");
        Set<String> wanted = new LinkedHashSet<>(required);
        wanted.addAll(closure.withPriority("important"));
        wanted.addAll(systemPackages);
        List<PackageRecord> packages = closure.resolve(wanted);
        Set<String> requiredClosure = new LinkedHashSet<>();
        closure.resolve(required).forEach(r -> requiredClosure.add(r.name()));

        progress.progress(5, "Fetching the " + packages.size() + " packages of the system");
        List<Path> debs = cache.fetchAll(source, packages);

        RootTree tree = RootTree.create(work.resolve("root"));
        for (int i = 0; i < packages.size(); i++) {
            progress.progress(50 + 35 * i / packages.size(), "Unpacking " + packages.get(i).name());
            tree.unpack(debs.get(i));
        }

        progress.progress(85, "Preparing the second stage");
        Path archives = tree.resolve(SecondStage.ARCHIVES);
        Files.createDirectories(archives);
        for (Path deb : debs) {
            link(deb, archives.resolve(deb.getFileName().toString()));
        }
        Set<String> core = new LinkedHashSet<>(CORE);
        writeList(tree, SecondStage.CORE_LIST, CORE.stream().map(name -> debOf(packages, name)).toList());
        writeList(tree, SecondStage.REQUIRED_LIST, packages.stream()
                .filter(r -> requiredClosure.contains(r.name()) && !core.contains(r.name()))
                .map(PackageRecord::debFileName).toList());
        writeList(tree, SecondStage.BASE_LIST, packages.stream()
                .filter(Predicate.not(r -> requiredClosure.contains(r.name()) || core.contains(r.name())))
                .map(PackageRecord::debFileName).toList());
        SystemFiles.write(tree, packages.stream().filter(r -> r.name().equals("dpkg")).findFirst()
                .orElseThrow(() -> new ApplianceException("the package set has no dpkg")).version());
        write(tree, SecondStage.PATH, SecondStage.script(), 0755);
        if (!tree.ownsFiles()) {
            write(tree, SecondStage.HOST_OWNER, Files.getAttribute(tree.root(), "unix:uid") + "\n", 0644);
        }

        progress.progress(90, "Making the ext4 file system");
        Path image = work.resolve("root.raw");
        Ext4Image.create(tree.root(), image, diskBytes, SystemFiles.ROOT_LABEL);
        return new Result(image, packages, tree.root());
    }

    private static String debOf(List<PackageRecord> packages, String name) {
        return packages.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new ApplianceException("the package set has no " + name))
                .debFileName();
    }

    private static void writeList(RootTree tree, String path, List<String> lines) throws IOException {
        write(tree, path, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", 0644);
    }

    static void write(RootTree tree, String path, String content, int mode) throws IOException {
        Path target = tree.resolve(path);
        Files.createDirectories(target.getParent());
        Files.writeString(target, content);
        Files.setAttribute(target, "unix:mode", mode);
    }

    /** A hard link when the cache and the tree share a file system (no copy of 300 MiB), else a copy. */
    private static void link(Path deb, Path target) throws IOException {
        try {
            Files.createLink(target, deb);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(deb, target);
        }
    }
}
