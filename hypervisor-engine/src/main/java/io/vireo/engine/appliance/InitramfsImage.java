package io.vireo.engine.appliance;

import io.vireo.engine.appliance.initramfs.CpioNewcWriter;
import io.vireo.engine.appliance.modules.ModInfo;
import io.vireo.engine.appliance.modules.ModuleTree;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the gzip-compressed initramfs of an appliance: busybox as {@code /bin/busybox}, the modules
 * (decompressed: busybox {@code insmod} does not read {@code .ko.xz}) under {@code /lib/modules/<release>/},
 * the device nodes init needs before devtmpfs is mounted, and the appliance's own boot scripts.
 */
final class InitramfsImage {

    /** What an appliance adds: its {@code /init} and the scripts it runs. */
    @FunctionalInterface
    interface BootFiles {
        /** @param modulePaths the modules' absolute paths inside the initramfs, in load order */
        void write(CpioNewcWriter cpio, List<String> modulePaths) throws IOException;
    }

    private InitramfsImage() {
    }

    /** The tiny appliance's: busybox {@code init} runs {@link GuestInit}'s scripts and keeps shells on the consoles. */
    static void write(Path target, byte[] busybox, String hostname, String kernelRelease,
                      List<ModInfo> loadOrder, ModuleTree modules) throws IOException {
        write(target, busybox, kernelRelease, loadOrder, modules, (cpio, modulePaths) -> {
            cpio.symlink("sbin/init", "../bin/busybox");
            cpio.symlink("init", "bin/busybox");
            text(cpio, "etc/inittab", 0644, GuestInit.inittab());
            text(cpio, "etc/init.d/rcS", 0755, GuestInit.rcS(hostname, modulePaths));
            text(cpio, GuestInit.POWER_BUTTON, 0755, GuestInit.powerButton());
            text(cpio, GuestInit.DHCP_SCRIPT, 0755, GuestInit.dhcpScript());
            text(cpio, "etc/profile", 0644, GuestInit.profile());
            text(cpio, "etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n");
            text(cpio, "etc/group", 0644, "root:x:0:\n");
        });
    }

    static void write(Path target, byte[] busybox, String kernelRelease, List<ModInfo> loadOrder, ModuleTree modules,
                      BootFiles bootFiles) throws IOException {
        String moduleDirectory = "lib/modules/" + kernelRelease;
        List<String> modulePaths = new ArrayList<>();
        for (ModInfo module : loadOrder) {
            modulePaths.add("/" + moduleDirectory + "/" + module.name() + ".ko");
        }
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
             GZIPOutputStream gzip = new GZIPOutputStream(file, 1 << 16);
             CpioNewcWriter cpio = new CpioNewcWriter(gzip)) {
            for (String directory : List.of("bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "etc/init.d",
                    "dev", "proc", "sys", "tmp", "root", "lib", "lib/modules", moduleDirectory)) {
                cpio.directory(directory, directory.equals("tmp") ? 01777 : 0755);
            }
            cpio.characterDevice("dev/console", 0600, 5, 1);
            cpio.characterDevice("dev/null", 0666, 1, 3);
            cpio.file("bin/busybox", 0755, busybox);
            cpio.symlink("bin/sh", "busybox");
            bootFiles.write(cpio, modulePaths);
            for (ModInfo module : loadOrder) {
                cpio.file(moduleDirectory + "/" + module.name() + ".ko", 0644, modules.moduleBytes(module.name()));
            }
        }
    }

    static void text(CpioNewcWriter cpio, String path, int permissions, String content) throws IOException {
        cpio.file(path, permissions, content.getBytes(StandardCharsets.UTF_8));
    }
}
