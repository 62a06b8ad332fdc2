package io.vireo.engine.appliance;

import java.util.List;

/**
 * The {@code /init} of an initramfs that starts a system installed on a disk: it loads the modules the disk
 * and its file system need (Debian builds virtio and ext4 as modules), mounts the device the kernel command
 * line's {@code root=} names (read-only with {@code ro}), and hands over to the command line's {@code init=}
 * (the system's own init by default) with {@code switch_root}.
 */
final class RootDiskInit {
    static final String DEFAULT_ROOT = "/dev/vda";
    private static final int ROOT_WAIT_SECONDS = 30;

    private RootDiskInit() {
    }

    /** @param modulePaths absolute paths inside the initramfs, in load order */
    static String script(List<String> modulePaths) {
        StringBuilder script = new StringBuilder("""
                #!/bin/sh
                /bin/busybox --install -s
                mount -t proc proc /proc
                mount -t sysfs sysfs /sys
                mount -t devtmpfs devtmpfs /dev
                root=%s
                init=/sbin/init
                mode=rw
                for parameter in $(cat /proc/cmdline); do
                    case "$parameter" in
                        root=?*) root="${parameter#root=}" ;;
                        init=?*) init="${parameter#init=}" ;;
                        ro) mode=ro ;;
                        rw) mode=rw ;;
                    esac
                done
                """.formatted(DEFAULT_ROOT));
        for (String module : modulePaths) {
            script.append("insmod ").append(module).append(" || echo \"vireo: could not load ").append(module)
                    .append("\"\n");
        }
        script.append("""
                waited=0
                while [ ! -b "$root" ] && [ $waited -lt %d ]; do
                    sleep 1
                    waited=$((waited + 1))
                done
                mkdir -p /newroot
                if ! mount -t ext4 -o "$mode" "$root" /newroot; then
                    echo "vireo: cannot mount the root file system $root"
                    exec sh
                fi
                umount /proc /sys
                umount /dev
                exec switch_root /newroot "$init"
                """.formatted(ROOT_WAIT_SECONDS));
        return script.toString();
    }
}
