package io.vireo.engine.appliance.system;

import io.vireo.engine.appliance.debian.RootTree;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The files the installed system starts with beyond its packages': the mount table, a host name, dpkg's
 * database told that dpkg is installed, DHCP on the first Ethernet card through systemd-networkd, a unit
 * that makes the SSH host keys at first boot (the image carries none, so every clone gets its own), and one
 * that takes the machine's identity from the kernel command line at every boot; the system's initramfs holds
 * only the modules its root disk needs ({@code MODULES=dep}).
 *
 * <p>Identity on the command line: {@code vireo.hostname=<name>} names the machine; {@code vireo.user=<name>}
 * creates that user at the first boot that names it, in group {@code sudo} with sudo without a password, and
 * without a password of its own (the serial and screen consoles let it in; SSH refuses empty passwords, so
 * there it needs its key); {@code vireo.ssh-key=<base64 of an authorized_keys line>} installs its SSH key.
 */
final class SystemFiles {
    static final String ROOT_LABEL = "debian-root";
    static final String HOSTNAME = "debian";
    static final String SSH_KEYS_UNIT = "vireo-ssh-host-keys.service";
    static final String IDENTITY_UNIT = "vireo-identity.service";
    private static final String IDENTITY_SCRIPT = "usr/lib/vireo/identity";

    private SystemFiles() {
    }

    static void write(RootTree tree, String dpkgVersion) throws IOException {
        FirstStage.write(tree, "etc/fstab", "LABEL=%s / ext4 defaults,errors=remount-ro 0 1\n".formatted(ROOT_LABEL), 0644);
        FirstStage.write(tree, "etc/hostname", HOSTNAME + "\n", 0644);
        FirstStage.write(tree, "etc/hosts", """
                127.0.0.1\tlocalhost
                127.0.1.1\t%s
                ::1\t\tlocalhost ip6-localhost ip6-loopback
                """.formatted(HOSTNAME), 0644);
        FirstStage.write(tree, "var/lib/dpkg/status", """
                Package: dpkg
                Version: %s
                Maintainer: unknown
                Status: install ok installed

                """.formatted(dpkgVersion), 0644);
        FirstStage.write(tree, "var/lib/dpkg/available", "", 0644);
        FirstStage.write(tree, "var/lib/dpkg/info/dpkg.list", "", 0644);
        Files.createDirectories(tree.resolve("var/lib/dpkg/updates"));
        FirstStage.write(tree, "etc/systemd/network/20-wired.network", """
                [Match]
                Name=en* eth*

                [Network]
                DHCP=yes
                """, 0644);
        FirstStage.write(tree, "etc/systemd/system/" + SSH_KEYS_UNIT, """
                [Unit]
                Description=Make this machine's SSH host keys
                ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key
                Before=ssh.service

                [Service]
                Type=oneshot
                ExecStart=/usr/bin/ssh-keygen -A

                [Install]
                WantedBy=multi-user.target
                """, 0644);
        // The system's own initramfs (for booting from its disk) with the modules this machine's root needs rather
        // than most of them: making one with all takes minutes of emulated shell work during the second stage.
        FirstStage.write(tree, "etc/initramfs-tools/conf.d/vireo", "MODULES=dep\n", 0644);
        FirstStage.write(tree, IDENTITY_SCRIPT, identityScript(), 0755);
        FirstStage.write(tree, "etc/systemd/system/" + IDENTITY_UNIT, """
                [Unit]
                Description=Take this machine's name and first user from the kernel command line
                After=local-fs.target
                Before=systemd-user-sessions.service ssh.service getty.target

                [Service]
                Type=oneshot
                RemainAfterExit=yes
                ExecStart=/%s

                [Install]
                WantedBy=multi-user.target
                """.formatted(IDENTITY_SCRIPT), 0644);
    }

    private static String identityScript() {
        return """
                #!/bin/sh
                name= user= key=
                for parameter in $(cat /proc/cmdline); do
                    case "$parameter" in
                        vireo.hostname=?*) name="${parameter#vireo.hostname=}" ;;
                        vireo.user=?*) user="${parameter#vireo.user=}" ;;
                        vireo.ssh-key=?*) key="${parameter#vireo.ssh-key=}" ;;
                    esac
                done
                if [ -n "$name" ]; then
                    echo "$name" > /etc/hostname
                    hostname "$name"
                    sed -i "s/^127\\.0\\.1\\.1[[:space:]].*/127.0.1.1\\t$name/" /etc/hosts
                fi
                [ -n "$user" ] || exit 0
                case "$user" in
                    [a-z_]*) ;;
                    *) echo "vireo-identity: $user is not a user name Debian accepts" >&2; exit 1 ;;
                esac
                case "$user" in
                    *[!a-z0-9_-]*) echo "vireo-identity: $user is not a user name Debian accepts" >&2; exit 1 ;;
                esac
                if ! id "$user" >/dev/null 2>&1; then
                    useradd --create-home --shell /bin/bash --groups sudo "$user" || exit 1
                    passwd --delete "$user"
                fi
                echo "$user ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/vireo-user
                chmod 440 /etc/sudoers.d/vireo-user
                if [ -n "$key" ]; then
                    home=$(getent passwd "$user" | cut -d: -f6)
                    mkdir -p "$home/.ssh"
                    echo "$key" | base64 -d > "$home/.ssh/authorized_keys"
                    chown -R "$user:$user" "$home/.ssh"
                    chmod 700 "$home/.ssh"
                    chmod 600 "$home/.ssh/authorized_keys"
                fi
                """;
    }
}
