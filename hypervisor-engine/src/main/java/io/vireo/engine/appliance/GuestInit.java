package io.vireo.engine.appliance;

import java.util.List;

/**
 * The boot scripts of a busybox appliance. Busybox {@code init} is PID 1 (so {@code poweroff}
 * and {@code reboot} work): its {@code sysinit} step mounts the kernel file systems, sets the host
 * name, loads the modules, brings the network up and prints the ready marker; then it keeps a login
 * shell on the serial port and one on the first virtual terminal (the virtio-gpu screen).
 *
 * <p>Every Ethernet card ({@code eth0}, {@code eth1}, …) asks for an address by DHCP ({@link #dhcpScript});
 * a card whose network answers late, or not at all, keeps asking in the background, so boot waits at
 * most a few seconds for it.
 *
 * <p>The host name is the appliance's own unless the kernel command line carries
 * {@code vireo.hostname=<label>}: that is how the console gives a clone its new identity without
 * writing into its disk. The kernel leaves a dotted parameter it does not know in /proc/cmdline.
 */
final class GuestInit {
    /**
     * Names what these scripts do; a cached appliance built with another revision is rebuilt, so a change
     * here reaches every appliance (bump it with every change of the guest's files).
     */
    static final String REVISION = "5";
    static final String POWER_BUTTON = "etc/init.d/power-button";
    static final String DHCP_SCRIPT = "etc/udhcpc.script";
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
                for parameter in $(cat /proc/cmdline); do
                    case "$parameter" in
                        vireo.hostname=?*) hostname "${parameter#vireo.hostname=}" ;;
                    esac
                done
                load() {
                    insmod "$1" || echo "vireo: could not load $1"
                }
                """.formatted(hostname));
        for (String module : modulePaths) {
            script.append("load ").append(module).append('\n');
        }
        script.append("/" + POWER_BUTTON + " &\n");
        script.append("""
                ip link set lo up
                for card in /sys/class/net/eth*; do
                    [ -e "$card" ] || continue
                    udhcpc -b -t 3 -T 2 -i "${card##*/}" -s /%s -x "hostname:$(hostname)" >/dev/null 2>&1
                done
                """.formatted(DHCP_SCRIPT));
        // A child prints the marker. Were this script, a session leader, to open the serial port itself, the
        // port would become its controlling terminal and be hung up when the script ends; a hang-up drops
        // output not sent yet, and after half a second of quiet the port sleeps, so that output waits for a
        // kernel worker to wake it, and the marker was lost now and then.
        script.append("""
                marker=/dev/console
                [ -c /dev/%s ] && marker=/dev/%s
                (printf '\\n%s\\n' > $marker) &
                wait $!
                """.formatted(SERIAL, SERIAL, Appliance.READY_MARKER));
        return script.toString();
    }

    /**
     * Shuts the guest down cleanly when the machine's power button (KEY_POWER on the Vireo keyboard) is
     * pressed, as the console's "Shut down" does. Busybox has no acpid here, so the evdev records are read
     * one at a time (24 bytes: time, type, code, value) and matched as hex: EV_KEY, KEY_POWER, pressed.
     */
    static String powerButton() {
        return """
                #!/bin/sh
                watch() {
                    while :; do
                        record=$(dd bs=24 count=1 2>/dev/null | od -An -v -tx1 | tr -d ' \\n')
                        [ -n "$record" ] || return
                        case "$record" in
                            *0100740001000000) poweroff; return ;;
                        esac
                    done < "$1"
                }
                for device in /sys/class/input/event*; do
                    [ "$(cat "$device/device/name" 2>/dev/null)" = "Vireo keyboard" ] && watch "/dev/input/${device##*/}" &
                done
                """;
    }

    /**
     * What udhcpc runs on each lease event: with a lease, the card gets the address and prefix, a default
     * route through the router (the card's number as its metric, so eth0's wins), and the DNS servers go
     * to /etc/resolv.conf; without one, the card keeps only its link. A renewal replaces the address in
     * place, so open connections survive it.
     */
    static String dhcpScript() {
        return """
                #!/bin/sh
                case "$1" in
                    deconfig)
                        ip -4 addr flush dev "$interface"
                        ip link set "$interface" up
                        ;;
                    bound|renew)
                        ip addr replace "$ip/${mask:-24}" broadcast + dev "$interface"
                        for gateway in $router; do
                            ip route replace default via "$gateway" dev "$interface" metric "${interface#eth}" && break
                        done
                        if [ -n "$dns" ]; then
                            : > /etc/resolv.conf
                            [ -n "$domain" ] && echo "search $domain" >> /etc/resolv.conf
                            for server in $dns; do
                                echo "nameserver $server" >> /etc/resolv.conf
                            done
                        fi
                        ;;
                esac
                """;
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
