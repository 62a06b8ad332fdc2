package io.vireo.engine.appliance;

import io.vireo.engine.appliance.debian.DebArchive;
import io.vireo.engine.appliance.debian.DebianPackageSource;
import io.vireo.engine.appliance.debian.PackageCache;
import io.vireo.engine.appliance.debian.PackageRecord;
import io.vireo.engine.appliance.debian.PackageSourceException;
import io.vireo.engine.appliance.debian.PackageSources;
import io.vireo.engine.appliance.modules.ModInfo;
import io.vireo.engine.appliance.modules.ModuleClosure;
import io.vireo.engine.appliance.modules.ModuleTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Assembles an appliance from the Debian packages of the recipe's architecture: the archive's current kernel,
 * busybox-static, and the closure of the modules the recipe names, into
 * {@code <cache>/appliances/<name>-<kernel release>/{Image or bzImage, initramfs.gz, manifest.json}}; an appliance
 * that installs a system adds its disk, {@code disk.qcow2} ({@link SystemApplianceBuilder}).
 * A finished appliance in the cache is returned as it is, without touching the network.
 *
 * <p>Cache layout under {@link ApplianceSettings#cacheDirectory()}: {@code apt/<suite>/} (the
 * separate apt state of riscv64; {@code apt-<architecture>/<suite>/} of any other), {@code debs/} (downloaded
 * packages, whose names carry their architecture), {@code kernels/<release>/modules/} (unpacked {@code .ko.xz};
 * a release names its flavour), {@code appliances/}.
 */
public final class ApplianceBuilder {
    static final String BUSYBOX_PACKAGE = "busybox-static";
    private static final Pattern KERNEL_IMAGE = Pattern.compile("usr/lib/modules/([^/]+)/vmlinuz");
    private static final int MAX_BUSYBOX_BYTES = 32 << 20;

    private final ApplianceSettings settings;

    public ApplianceBuilder(ApplianceSettings settings) {
        this.settings = settings;
    }

    /**
     * @throws ApplianceException when the name is unknown or the appliance cannot be built; a
     *         failure to reach any package source names each source tried
     */
    public Appliance build(String name, ProgressListener progress) {
        ApplianceRecipe recipe = ApplianceRecipe.named(name);
        Path appliances = settings.cacheDirectory().resolve("appliances");
        Optional<Appliance> cached = cached(appliances, recipe);
        if (cached.isPresent()) {
            progress.progress(100, "Appliance " + name + " is in the cache");
            return cached.get();
        }
        try {
            return assemble(recipe, appliances, progress);
        } catch (PackageSourceException e) {
            throw new ApplianceException(e.getMessage(), e);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new ApplianceException("cannot build appliance " + name + ": " + e.getMessage(), e);
        }
    }

    private Appliance assemble(ApplianceRecipe recipe, Path appliances, ProgressListener progress) throws IOException {
        ApplianceArchitecture architecture = recipe.architecture();
        progress.progress(2, "Reading the Debian " + architecture.debian() + " package index");
        DebianPackageSource source = PackageSources.open(settings.mirror(), settings.aptEtc(), settings.suites(),
                architecture.debian(), aptStateRoot(architecture));
        Files.createDirectories(appliances);
        Path work = Files.createTempDirectory(appliances, "." + recipe.name() + "-building");
        try {
            String release = recipe.installsSystem()
                    ? new SystemApplianceBuilder(settings.cacheDirectory()).build(recipe, source, work, progress)
                    : assembleInitramfsSystem(recipe, source, work, progress);
            Path target = appliances.resolve(recipe.name() + "-" + release);
            if (Files.isDirectory(target) && ApplianceManifest.read(target).filter(a -> fits(recipe, a)).isEmpty()) {
                deleteTree(target);
            }
            try {
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another build of the same appliance finished first; its result is as good as ours
            }
            Appliance built = ApplianceManifest.read(target).orElseThrow(
                    () -> new ApplianceException("the appliance built in " + target + " cannot be read back"));
            progress.progress(100, "Appliance " + recipe.name() + " built with kernel " + release);
            return built;
        } finally {
            deleteTree(work);
        }
    }

    /** Writes the kernel, the initramfs and the manifest of a system living in its initramfs; returns the kernel release. */
    private String assembleInitramfsSystem(ApplianceRecipe recipe, DebianPackageSource source, Path work,
                                           ProgressListener progress) throws IOException {
        progress.progress(10, "Resolving the kernel packages from " + source.description());
        KernelPackages kernel = KernelPackages.resolve(source, recipe.architecture());
        PackageRecord busyboxPackage = source.find(BUSYBOX_PACKAGE);

        PackageCache packages = new PackageCache(settings.cacheDirectory().resolve("debs"));
        progress.progress(15, "Fetching " + busyboxPackage.name());
        Path busyboxDeb = packages.fetch(source, busyboxPackage);
        progress.progress(20, "Fetching " + kernel.binary().name());
        Path binaryDeb = packages.fetch(source, kernel.binary());
        progress.progress(30, "Fetching " + kernel.modules().name());
        Path modulesDeb = packages.fetch(source, kernel.modules());

        progress.progress(60, "Extracting the kernel");
        Path kernelFile = work.resolve(recipe.architecture().kernelFile());
        String release = extractKernel(binaryDeb, kernelFile);
        progress.progress(65, "Unpacking the kernel modules");
        ModuleTree modules = ModuleTree.unpack(modulesDeb, release,
                settings.cacheDirectory().resolve("kernels").resolve(release).resolve("modules"));
        progress.progress(80, "Computing the module closure");
        List<ModInfo> loadOrder = ModuleClosure.loadOrder(recipe.modules(), modules::modInfo);
        progress.progress(85, "Writing the initramfs");
        InitramfsImage.write(work.resolve(ApplianceManifest.INITRD_FILE), extractBusybox(busyboxDeb),
                recipe.hostname(), release, loadOrder, modules);
        Appliance built = new Appliance(recipe.name(), recipe.architecture(), kernelFile,
                work.resolve(ApplianceManifest.INITRD_FILE), recipe.cmdline(), release,
                loadOrder.stream().map(ModInfo::name).toList());
        ApplianceManifest.write(work, built, source.description(), List.of(
                busyboxPackage.name() + "=" + busyboxPackage.version(),
                kernel.binary().name() + "=" + kernel.binary().version(),
                kernel.modules().name() + "=" + kernel.modules().version()));
        return release;
    }

    /** The newest finished appliance that {@link #fits} the recipe, if any. */
    private static Optional<Appliance> cached(Path appliances, ApplianceRecipe recipe) {
        String name = recipe.name();
        if (!Files.isDirectory(appliances)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(appliances)) {
            List<Path> candidates = entries
                    .filter(p -> p.getFileName().toString().startsWith(name + "-"))
                    .sorted(Comparator.comparing(ApplianceBuilder::modified).reversed())
                    .toList();
            for (Path candidate : candidates) {
                Optional<Appliance> appliance = ApplianceManifest.read(candidate);
                if (appliance.isPresent() && fits(recipe, appliance.get())) {
                    return appliance;
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + appliances, e);
        }
    }

    /**
     * Whether a built appliance is the recipe's: its name and architecture, and every module the recipe names
     * loaded. One built before the recipe gained a module is built again, or its guests would miss that module's
     * devices.
     */
    private static boolean fits(ApplianceRecipe recipe, Appliance appliance) {
        return appliance.name().equals(recipe.name()) && appliance.architecture() == recipe.architecture()
                && appliance.modules().containsAll(recipe.modules());
    }

    /** riscv64 keeps the apt state where it was when it was the only architecture, so that state stays valid. */
    private Path aptStateRoot(ApplianceArchitecture architecture) {
        String directory = architecture == ApplianceArchitecture.RISCV64 ? "apt" : "apt-" + architecture.debian();
        return settings.cacheDirectory().resolve(directory);
    }

    /** Copies the kernel out of the linux-binary package and returns the kernel release its path names. */
    static String extractKernel(Path binaryDeb, Path target) throws IOException {
        AtomicReference<String> release = new AtomicReference<>();
        DebArchive.readData(binaryDeb, (path, entry, content) -> {
            Matcher image = KERNEL_IMAGE.matcher(path);
            if (entry.isFile() && image.matches() && release.get() == null) {
                Files.copy(content, target);
                release.set(image.group(1));
            }
        });
        if (release.get() == null) {
            throw new ApplianceException(binaryDeb.getFileName() + " holds no usr/lib/modules/<release>/vmlinuz");
        }
        return release.get();
    }

    static byte[] extractBusybox(Path busyboxDeb) throws IOException {
        AtomicReference<byte[]> busybox = new AtomicReference<>();
        DebArchive.readData(busyboxDeb, (path, entry, content) -> {
            if (entry.isFile() && (path.equals("usr/bin/busybox") || path.equals("bin/busybox"))) {
                if (entry.getSize() > MAX_BUSYBOX_BYTES) {
                    throw new IOException("busybox in " + busyboxDeb.getFileName() + " is implausibly large");
                }
                busybox.set(content.readNBytes((int) entry.getSize()));
            }
        });
        if (busybox.get() == null) {
            throw new ApplianceException(busyboxDeb.getFileName() + " holds no busybox binary");
        }
        return busybox.get();
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList()) {
                Files.delete(path);
            }
        }
    }
}
