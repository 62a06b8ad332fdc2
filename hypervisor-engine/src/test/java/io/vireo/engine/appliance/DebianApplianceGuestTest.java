package io.vireo.engine.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.testing.GuestShell;
import io.vireo.engine.testing.RequiredTool;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VmSpec;
import io.vireo.engine.vm.VmState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debian appliance (built once, then taken from the cache) boots from its own disk to a login prompt on the
 * serial console; the user the kernel command line names logs in, and the system is whole: systemd up, Python's
 * hashlib agrees with the host's, the root file system is the disk, dpkg counts the packages the build counted,
 * and {@code poweroff} stops the machine. The VM writes to an overlay, so the cached disk stays as built.
 */
class DebianApplianceGuestTest {
    private static final Duration BOOT = Duration.ofMinutes(15);
    private static final Duration COMMAND = Duration.ofMinutes(3);
    private static final String USER = "tester";

    @TempDir
    Path temp;

    @Test
    void theInstalledSystemBootsFromItsDiskAndTheFirstBootUserLogsIn() throws Exception {
        RequiredTool.require("mke2fs", "e2fsprogs");
        Appliance debian = new ApplianceBuilder(ApplianceSettings.fromEnvironment())
                .build(ApplianceRecipe.DEBIAN, ProgressListener.NONE);
        RootDisk disk = debian.rootDisk().orElseThrow();
        Path overlay = temp.resolve("root.qcow2");
        ChainOperations.createOverlay(disk.image(), overlay);
        String key = Base64.getEncoder().encodeToString(
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTheTestOnly0000000000000000000 tester@host"
                        .getBytes(StandardCharsets.UTF_8));
        // Booted as a console VM with boot source Disk is: the kernel, initrd and root the guest's own dpkg and
        // initramfs-tools put in its /boot, read by the engine; the identity goes on the command line.
        VmSpec spec = new VmSpec("debian", 2, 1L << 30, temp.resolve("boot.Image"), temp.resolve("boot.initrd"),
                "vireo.hostname=vireo-debian vireo.user=" + USER + " vireo.ssh-key=" + key,
                List.of(new DeviceSpec.Disk(overlay, ImageFormat.QCOW2, false), new DeviceSpec.Rng()), null, true);

        try (GuestShell guest = GuestShell.start(spec).login(USER, BOOT)) {
            String state = guest.run("systemctl is-system-running --wait", COMMAND).strip();
            assertThat(state).as("systemd's state; failed units:\n%s", guest.run("systemctl --failed --no-legend"))
                    .isIn("running", "degraded");
            assertThat(guest.run("hostname").strip()).isEqualTo("vireo-debian");
            assertThat(guest.run("cat /proc/cmdline")).as("the disk's kernel, rooted by its file system's UUID")
                    .contains("root=UUID=");
            assertThat(guest.run("python3 -c 'import hashlib; print(hashlib.sha256(b\"vireo\").hexdigest())'", COMMAND)
                    .strip()).isEqualTo(HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest("vireo".getBytes(StandardCharsets.US_ASCII))));
            assertThat(guest.run("df / | tail -1").strip()).startsWith("/dev/vda ").endsWith(" /");
            assertThat(guest.run("dpkg -l | grep -c ^ii", COMMAND).strip())
                    .isEqualTo(Integer.toString(disk.installedPackages()));
            assertThat(guest.run("cat ~/.ssh/authorized_keys")).contains("tester@host");

            guest.type("sudo poweroff");
            assertThat(guest.vm().awaitState(VmState.STOPPED, COMMAND)).as("the VM stops after poweroff").isTrue();
        }
    }
}
