package io.vireo.engine.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.appliance.debian.CommandRunner;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.PortForward;
import io.vireo.engine.network.Protocol;
import io.vireo.engine.network.VirtualNetwork;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.testing.Await;
import io.vireo.engine.testing.GuestShell;
import io.vireo.engine.testing.RequiredTool;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VmSpec;
import io.vireo.engine.vm.VmState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debian appliance (built once, then taken from the cache) boots from its own disk to a login prompt on the
 * serial console; the user the kernel command line names logs in, and the system is whole: systemd up, Python's
 * hashlib agrees with the host's, the root file system is the disk, dpkg counts the packages the build counted.
 * The host's {@code ssh} logs in as that user with the key the command line carried, through a NAT port forward
 * to the guest's sshd, and the machine's power button (the console's <i>Shut down</i>) stops it through
 * systemd-logind. The VM writes to an overlay, so the cached disk stays as built. One boot checks all of it: each
 * costs minutes.
 */
class DebianApplianceGuestTest {
    private static final Duration BOOT = Duration.ofMinutes(15);
    private static final Duration COMMAND = Duration.ofMinutes(3);
    private static final String USER = "tester";
    private static final String HOSTNAME = "vireo-debian";
    /** Linux's KEY_POWER, what the console's <i>Shut down</i> presses on the VM's keyboard. */
    private static final int KEY_POWER = 116;
    private static final MacAddress MAC = MacAddress.parse("52:56:00:00:18:01");

    @TempDir
    Path temp;

    @Test
    void theInstalledSystemBootsFromItsDiskTheFirstBootUserLogsInOverSerialAndSshAndThePowerButtonStopsIt()
            throws Exception {
        RequiredTool.require("mke2fs", "e2fsprogs");
        RequiredTool.require("ssh", "openssh-client");
        RequiredTool.require("ssh-keygen", "openssh-client");
        Appliance debian = new ApplianceBuilder(ApplianceSettings.fromEnvironment())
                .build(ApplianceRecipe.DEBIAN, ProgressListener.NONE);
        RootDisk disk = debian.rootDisk().orElseThrow();
        Path overlay = temp.resolve("root.qcow2");
        ChainOperations.createOverlay(disk.image(), overlay);
        Path identity = temp.resolve("id_ed25519");
        host(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tester@host", "-f", identity.toString()));
        String key = Base64.getEncoder().encodeToString(Files.readAllBytes(temp.resolve("id_ed25519.pub")));

        try (VirtualNetwork nat = VirtualNetwork.start(NetworkSpec.userNat("nat"))) {
            // Booted as a console VM with boot source Disk is: the kernel, initrd and root the guest's own dpkg and
            // initramfs-tools put in its /boot, read by the engine; the identity goes on the command line. The
            // keyboard carries the power button.
            VmSpec spec = new VmSpec("debian", 2, 1L << 30, temp.resolve("boot.Image"), temp.resolve("boot.initrd"),
                    "vireo.hostname=" + HOSTNAME + " vireo.user=" + USER + " vireo.ssh-key=" + key,
                    List.of(new DeviceSpec.Disk(overlay, ImageFormat.QCOW2, false), new DeviceSpec.Rng(),
                            new DeviceSpec.Nic(MAC, nat, OptionalInt.empty(), OptionalLong.empty()),
                            new DeviceSpec.Input()), null, true);

            try (GuestShell guest = GuestShell.start(spec).login(USER, BOOT)) {
                String state = guest.run("systemctl is-system-running --wait", COMMAND).strip();
                assertThat(state).as("systemd's state; failed units:\n%s",
                        guest.run("systemctl --failed --no-legend")).isIn("running", "degraded");
                assertThat(guest.run("cat /proc/cmdline")).as("the disk's kernel, rooted by its file system's UUID")
                        .contains("root=UUID=");
                assertThat(guest.run("python3 -c 'import hashlib; print(hashlib.sha256(b\"vireo\").hexdigest())'",
                        COMMAND).strip()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                .digest("vireo".getBytes(StandardCharsets.US_ASCII))));
                assertThat(guest.run("df / | tail -1").strip()).startsWith("/dev/vda ").endsWith(" /");
                assertThat(guest.run("dpkg -l | grep -c ^ii", COMMAND).strip())
                        .isEqualTo(Integer.toString(disk.installedPackages()));

                Await.until(() -> nat.leases().stream().anyMatch(lease -> lease.mac().equals(MAC)), COMMAND,
                        () -> "systemd-networkd leased no address:\n" + guest.tail());
                int port = nat.addForward(new PortForward(Protocol.TCP,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MAC, 22)).host().getPort();
                assertThat(ssh(identity, port, "hostname; id -un")).as("ssh through the forward, with the key")
                        .isEqualTo(HOSTNAME + "\n" + USER);

                guest.vm().input().orElseThrow().key(KEY_POWER, true);
                guest.vm().input().orElseThrow().key(KEY_POWER, false);
                assertThat(guest.vm().awaitState(VmState.STOPPED, COMMAND))
                        .as("the VM stops when its power button is pressed; serial:\n%s", guest.tail()).isTrue();
            }
        }
    }

    /** Runs {@code command} in the guest through the host's ssh client and returns what it printed. */
    private String ssh(Path identity, int port, String command) throws Exception {
        return host(List.of("ssh", "-i", identity.toString(), "-p", Integer.toString(port), "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=60", USER + "@127.0.0.1", command));
    }

    /** Runs a host program; its output (stripped), or a failure with what it printed. */
    private String host(List<String> command) throws Exception {
        CommandRunner.Result result = new CommandRunner(COMMAND).run(temp, command);
        assertThat(result.succeeded()).as("%s: %s", command.getFirst(), result.output()).isTrue();
        return result.output();
    }
}
