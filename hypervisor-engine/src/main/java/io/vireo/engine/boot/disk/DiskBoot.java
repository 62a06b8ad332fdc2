package io.vireo.engine.boot.disk;

import io.vireo.engine.storage.BlockDevice;
import io.vireo.engine.storage.ext4.Ext4Filesystem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Finds what a disk boots without firmware, the way pygrub or Firecracker's callers do: in each of the
 * disk's ext2/3/4 filesystems (see {@link BootVolumes}), {@code /boot/extlinux/extlinux.conf} or
 * {@code /extlinux/extlinux.conf} (a separate /boot partition) when there is one, else the newest
 * {@code /boot/vmlinuz-*} or {@code /boot/vmlinux-*} (the name Debian gives an uncompressed kernel, as on riscv64)
 * by Debian version order with its {@code /boot/initrd.img-*}, booted read-write with that filesystem as root. The
 * first filesystem that has either wins.
 */
public final class DiskBoot {
    /**
     * The console options every appliance boots with (kernel messages on the screen and the serial port, the
     * serial port as /dev/console, early messages through the SBI console); a disk without extlinux.conf gets
     * them too, so its boot shows on the VM's serial log.
     */
    public static final String CONSOLE = "console=tty0 console=ttyS0 earlycon=sbi";
    private static final List<String> CONFIGS = List.of("/boot/extlinux/extlinux.conf", "/extlinux/extlinux.conf");
    private static final List<String> KERNEL_PREFIXES = List.of("vmlinuz-", "vmlinux-");
    private static final String INITRD_PREFIX = "initrd.img-";
    private static final int MAX_CONFIG = 1 << 20;
    private static final int MAX_FILE = 512 << 20;

    private DiskBoot() {
    }

    /** The boot files of {@code disk}, named {@code diskName} ("disk 1") in every message. */
    public static BootFiles find(BlockDevice disk, String diskName) throws IOException {
        List<BootVolumes.Volume> volumes = BootVolumes.on(disk, diskName);
        for (BootVolumes.Volume volume : volumes) {
            String where = BootVolumes.describe(diskName, List.of(volume));
            Optional<BootFiles> found = extlinux(volume.filesystem(), where);
            if (found.isEmpty()) {
                found = newestKernel(volume.filesystem(), where);
            }
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new DiskBootException("no " + String.join(", no ", CONFIGS) + " and no "
                + String.join(" or ", KERNEL_PREFIXES.stream().map(p -> "/boot/" + p + "*").toList()) + " on "
                + BootVolumes.describe(diskName, volumes));
    }

    private static Optional<BootFiles> extlinux(Ext4Filesystem fs, String where) throws IOException {
        for (String path : CONFIGS) {
            if (fs.isFile(path)) {
                String text = new String(fs.read(path, MAX_CONFIG), StandardCharsets.UTF_8);
                String origin = path + " on " + where;
                ExtlinuxConfig config = ExtlinuxConfig.parse(text, path.substring(0, path.lastIndexOf('/')), origin);
                byte[] kernel = KernelFile.image(file(fs, config.kernel(), origin), config.kernel() + " on " + where);
                ByteArrayOutputStream initrd = new ByteArrayOutputStream();
                for (String part : config.initrds()) {
                    // Several initrds are loaded one after the other; the kernel unpacks concatenated archives.
                    byte[] bytes = file(fs, part, origin);
                    if (bytes.length > MAX_FILE - initrd.size()) {
                        throw new DiskBootException(origin + ": the initrds of label " + config.label()
                                + " are more than " + (MAX_FILE >> 20) + " MiB together");
                    }
                    initrd.write(bytes);
                }
                return Optional.of(new BootFiles(kernel, initrd.toByteArray(), config.append(),
                        "label " + config.label() + " of " + origin));
            }
        }
        return Optional.empty();
    }

    /** A file a configuration names, with a message saying which configuration named it when it is missing. */
    private static byte[] file(Ext4Filesystem fs, String path, String origin) throws IOException {
        if (!fs.isFile(path)) {
            throw new DiskBootException(origin + " names " + path + ", which is not a file there");
        }
        return fs.read(path, MAX_FILE);
    }

    private static Optional<BootFiles> newestKernel(Ext4Filesystem fs, String where) throws IOException {
        Optional<String> newest = Optional.empty();
        String newestName = null;
        for (String name : fs.list("/boot")) {
            Optional<String> prefix = KERNEL_PREFIXES.stream().filter(name::startsWith).findFirst();
            String version = prefix.map(p -> name.substring(p.length())).orElse("");
            // dpkg's half-written files are not kernels to boot.
            if (!version.isEmpty() && !name.contains(".dpkg-") && fs.isFile("/boot/" + name)
                    && newest.map(n -> DebianVersion.ORDER.compare(version, n) > 0).orElse(true)) {
                newest = Optional.of(version);
                newestName = name;
            }
        }
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        String kernelPath = "/boot/" + newestName;
        String initrdPath = "/boot/" + INITRD_PREFIX + newest.get();
        byte[] kernel = KernelFile.image(fs.read(kernelPath, MAX_FILE), kernelPath + " on " + where);
        byte[] initrd = fs.isFile(initrdPath) ? fs.read(initrdPath, MAX_FILE) : new byte[0];
        String commandLine = "root=UUID=" + fs.uuid() + " rw " + CONSOLE;
        return Optional.of(new BootFiles(kernel, initrd, commandLine, kernelPath + " on " + where));
    }
}
