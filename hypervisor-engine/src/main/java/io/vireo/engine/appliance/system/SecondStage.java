package io.vireo.engine.appliance.system;

/**
 * The script the new system runs as its first process ({@code init=}) inside Vireo, and the markers it prints on
 * the serial console. It installs every package again with the guest's own {@code dpkg}, in debootstrap's order
 * (the core packages one by one, then the required ones unpacked and configured, then the rest), so maintainer
 * scripts run and dpkg's database is whole; sets up the network, consoles and first-boot units; then clears what
 * must differ between clones (machine id, SSH host keys), gives the disk's free blocks back (fstrim) and powers
 * the machine off.
 *
 * <p>The three lists name .deb files in {@link #ARCHIVES}, one a line. Progress lines are {@code vireo-progress N/M}: dpkg's {@code --status-fd} reports each package unpacked and
 * installed, so M is twice the package count.
 */
final class SecondStage {
    static final String PATH = "sbin/vireo-second-stage";
    static final String STATE = "var/lib/vireo";
    static final String CORE_LIST = STATE + "/core";
    static final String REQUIRED_LIST = STATE + "/required";
    static final String BASE_LIST = STATE + "/base";
    /** The host user who owns the unpacked files, when the first stage could not give them to their owners. */
    static final String HOST_OWNER = STATE + "/host-owner";
    static final String ARCHIVES = "var/cache/apt/archives";
    static final String PROGRESS = "vireo-progress ";
    static final String INSTALLED = "vireo-installed ";
    static final String DONE = "vireo-second-stage-done";
    static final String FAILED = "vireo-second-stage-failed: ";

    private SecondStage() {
    }

    static String script() {
        return """
                #!/bin/sh
                export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C HOME=/root
                export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true
                mount -t proc proc /proc
                mount -t sysfs sysfs /sys
                mount -t devtmpfs devtmpfs /dev 2>/dev/null
                mkdir -p /dev/pts /run
                mount -t devpts devpts /dev/pts
                mount -t tmpfs tmpfs /run
                mount -o remount,rw /

                halt_machine() {
                    sync
                    mount -o remount,ro / 2>/dev/null
                    echo o > /proc/sysrq-trigger
                    while :; do sleep 10; done
                }
                fail() {
                    echo "%4$s$1"
                    halt_machine
                }
                total=$(( 2 * $(cat /%1$s /%2$s /%3$s | wc -l) ))
                step=0
                # dpkg's status lines arrive on fd 3; each package's first "unpacked" and first "installed" is a step
                # (a package is reported installed again after its triggers ran).
                : > /run/vireo-seen
                count() {
                    while read -r line; do
                        case "$line" in
                            "status: "*": unpacked"|"status: "*": installed")
                                grep -qxF "$line" /run/vireo-seen && continue
                                echo "$line" >> /run/vireo-seen
                                step=$((step + 1))
                                [ $step -lt $total ] && echo "%6$s$step/$total"
                                ;;
                        esac
                    done
                    echo $step > /run/vireo-step
                }
                phase() {
                    echo "vireo-phase $1 at $(cut -d' ' -f1 /proc/uptime) s"
                }
                dpkg_run() {
                    { dpkg --status-fd 3 --force-unsafe-io "$@" 3>&1 1>/dev/console 2>&1 || echo "exit $?" > /run/vireo-dpkg-failed; } | count
                    step=$(cat /run/vireo-step)
                    [ ! -e /run/vireo-dpkg-failed ] || { rm -f /run/vireo-dpkg-failed; return 1; }
                }
                debs() {
                    sed 's|^|/%5$s/|' "$1"
                }

                # Unpacked by a host user other than root, the files belong to that user until dpkg installs them again;
                # what no package installs (the first stage's own files) is given to root here.
                if [ -s /%7$s/host-owner ]; then
                    find / -xdev -user "$(cat /%7$s/host-owner)" -exec chown -h 0:0 {} +
                fi
                /sbin/ldconfig
                phase core
                ln -sf mawk /usr/bin/awk
                for deb in $(cat /%1$s); do
                    case "$deb" in mawk_*) rm -f /usr/bin/awk ;; esac
                    dpkg_run --force-depends --install "/%5$s/$deb" || fail "installing $deb"
                done

                printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d
                chmod 755 /usr/sbin/policy-rc.d
                mv /usr/sbin/start-stop-daemon /usr/sbin/start-stop-daemon.REAL
                printf '#!/bin/sh\\necho "Warning: Fake start-stop-daemon called, doing nothing"\\n' > /usr/sbin/start-stop-daemon
                chmod 755 /usr/sbin/start-stop-daemon

                phase required
                dpkg_run --force-depends --unpack $(debs /%2$s) || fail "unpacking the required packages"
                dpkg_run --configure --pending --force-configure-any --force-depends || fail "configuring the required packages"
                phase base
                dpkg_run --force-depends --force-overwrite --force-confold --skip-same-version --unpack $(debs /%3$s) \\
                    || fail "unpacking the base system"
                phase configure
                dpkg_run --force-confold --configure -a || fail "configuring the base system"
                phase finish

                mv /usr/sbin/start-stop-daemon.REAL /usr/sbin/start-stop-daemon
                rm -f /usr/sbin/policy-rc.d /%5$s/*.deb

                systemctl enable systemd-networkd.service serial-getty@ttyS0.service getty@tty1.service \\
                    %10$s %11$s || fail "enabling the system's services"
                rm -f /etc/ssh/ssh_host_*
                : > /etc/machine-id
                rm -f /var/lib/dbus/machine-id /var/lib/systemd/random-seed
                fstrim / || echo "vireo: fstrim failed; the image keeps the freed blocks"

                installed=$(dpkg-query -W -f '${db:Status-Abbrev}\\n' | grep -c '^ii')
                echo "$installed" > /%7$s/installed-packages
                echo "%8$s$installed"
                echo "%9$s"
                halt_machine
                """.formatted(CORE_LIST, REQUIRED_LIST, BASE_LIST, FAILED, ARCHIVES, PROGRESS, STATE, INSTALLED, DONE,
                        SystemFiles.SSH_KEYS_UNIT, SystemFiles.IDENTITY_UNIT);
    }
}
