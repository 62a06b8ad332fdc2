package io.vireo.engine.appliance;

import io.vireo.engine.appliance.debian.DebianPackageSource;
import io.vireo.engine.appliance.debian.PackageCache;
import io.vireo.engine.appliance.debian.PackageRecord;
import io.vireo.engine.appliance.modules.ModInfo;
import io.vireo.engine.appliance.modules.ModuleClosure;
import io.vireo.engine.appliance.modules.ModuleTree;
import io.vireo.engine.appliance.system.FirstStage;
import io.vireo.engine.appliance.system.SecondStageRun;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Builds an appliance that is a Debian system installed on a disk, into a work directory the caller moves into
 * the cache: {@link FirstStage} on the host makes the root file system, then {@link SecondStageRun} boots it in
 * Vireo to configure every package, and the disk is stored as qcow2 (only the blocks in use) beside the kernel
 * taken from the installed packages and a small initramfs that mounts the disk ({@link RootDiskInit}). The disk
 * holds only the blocks the installed system uses.
 *
 * <p>The build's progress: the first stage takes 5–45 %, the second 45–95 %.
 */
final class SystemApplianceBuilder {
    /**
     * Names what the first and second stage put on the disk and how; a cached appliance built with another
     * revision is rebuilt (bump it with every change of the system's files, scripts or package set).
     */
    static final String REVISION = "2";
    static final long DISK_BYTES = 4L << 30;
    private static final Duration SECOND_STAGE_TIMEOUT = Duration.ofMinutes(80);
    private static final int FIRST_STAGE_FROM = 5;
    private static final int SECOND_STAGE_FROM = 45;

    private final Path cacheDirectory;

    SystemApplianceBuilder(Path cacheDirectory) {
        this.cacheDirectory = cacheDirectory;
    }

    /** Builds into {@code work}, manifest last, and returns the kernel release. */
    String build(ApplianceRecipe recipe, DebianPackageSource source, Path work, ProgressListener progress)
            throws IOException {
        PackageCache packages = new PackageCache(cacheDirectory.resolve("debs"));
        FirstStage.Result first = FirstStage.build(source, packages, recipe.systemPackages(), work.resolve("stage"),
                DISK_BYTES, scaled(progress, FIRST_STAGE_FROM, SECOND_STAGE_FROM));
        ApplianceBuilder.deleteTree(first.tree());

        KernelPackages kernel = KernelPackages.resolve(source, recipe.architecture());
        Path kernelFile = work.resolve(recipe.architecture().kernelFile());
        String release = ApplianceBuilder.extractKernel(packages.fetch(source, kernel.binary()), kernelFile);
        ModuleTree modules = ModuleTree.unpack(packages.fetch(source, kernel.modules()), release,
                cacheDirectory.resolve("kernels").resolve(release).resolve("modules"));
        List<ModInfo> loadOrder = ModuleClosure.loadOrder(recipe.modules(), modules::modInfo);
        PackageRecord busybox = source.find(ApplianceBuilder.BUSYBOX_PACKAGE);
        InitramfsImage.write(work.resolve(ApplianceManifest.INITRD_FILE),
                ApplianceBuilder.extractBusybox(packages.fetch(source, busybox)), release, loadOrder, modules,
                (cpio, modulePaths) -> InitramfsImage.text(cpio, "init", 0755, RootDiskInit.script(modulePaths)));

        // The second stage writes to a qcow2 copy, so the blocks it frees (the .deb files, the files dpkg replaced)
        // are given back by its fstrim instead of staying in the image as garbage.
        Path installing = work.resolve("stage").resolve("installing.qcow2");
        ChainOperations.flatten(first.image(), installing, ImageFormat.QCOW2);
        Files.delete(first.image());
        int installed = SecondStageRun.run(kernelFile,
                work.resolve(ApplianceManifest.INITRD_FILE), recipe.cmdline(), installing,
                work.resolve("second-stage.log"), SECOND_STAGE_TIMEOUT, scaled(progress, SECOND_STAGE_FROM, 95));

        progress.progress(95, "Storing the disk as qcow2");
        ChainOperations.flatten(installing, work.resolve(ApplianceManifest.DISK_FILE), ImageFormat.QCOW2);
        ApplianceBuilder.deleteTree(work.resolve("stage"));
        Appliance built = new Appliance(recipe.name(), recipe.architecture(), kernelFile,
                work.resolve(ApplianceManifest.INITRD_FILE), recipe.cmdline(), release,
                loadOrder.stream().map(ModInfo::name).toList(),
                Optional.of(new RootDisk(work.resolve(ApplianceManifest.DISK_FILE), installed)));
        ApplianceManifest.write(work, built, source.description(),
                first.packages().stream().map(r -> r.name() + "=" + r.version()).toList());
        return release;
    }

    private static ProgressListener scaled(ProgressListener progress, int from, int to) {
        return (percent, message) -> progress.progress(from + (to - from) * percent / 100, message);
    }
}
