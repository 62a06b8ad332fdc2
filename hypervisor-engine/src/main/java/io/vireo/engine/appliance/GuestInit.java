package io.vireo.engine.appliance;

import java.util.List;

/**
 * The boot scripts of a busybox appliance. Busybox {@code init} is PID 1 (so {@code poweroff}
 * and {@code reboot} work): its {@code sysinit} step mounts the kernel file systems, loads the
 * modules and prints the ready marker; then it keeps a login shell on the serial port and one on
 * the first virtual terminal (the virtio-gpu screen).
 */
final class GuestInit {
    static final String SERIAL = "ttyS0";
    static final String SCREEN = "tty1";

    private GuestInit() {
    }

    static String inittab() {
        return """
                ::sysinit:/etc/init.d/rcS
                %s::respawn:-/bin/sh
                %s::respawn:-/bin/sh
                ::ctrlaltdel:/bin/reboot
                ::shutdown:/bin/sync
                ::shutdown:/bin/umount -a -r
                """.formatted(SERIAL, SCREEN);
    }

    /** @param modulePaths absolute paths inside the initramfs, in load order */
    static String rcS(String hostname, List<String> modulePaths) {
        StringBuilder script = new StringBuilder("""
                #!/bin/sh
                /bin/busybox --install -s
                mount -t proc proc /proc
                mount -t sysfs sysfs /sys
                mount -t devtmpfs devtmpfs /dev
                mkdir -p /dev/pts
                mount -t devpts devpts /dev/pts
                mount -t tmpfs tmpfs /tmp
                hostname %s
                load() {
                    insmod "$1" || echo "vireo: could not load $1"
                }
                """.formatted(hostname));
        for (String module : modulePaths) {
            script.append("load ").append(module).append('\n');
        }
        script.append("""
                marker=/dev/console
                [ -c /dev/%s ] && marker=/dev/%s
                printf '\\n%s\\n' > $marker
                """.formatted(SERIAL, SERIAL, Appliance.READY_MARKER));
        return script.toString();
    }

    static String profile() {
        return """
                export PATH=/bin:/sbin:/usr/bin:/usr/sbin
                export PS1='\\h:\\w\\$ '
                export HOME=/root
                cd /root
                """;
    }
}
