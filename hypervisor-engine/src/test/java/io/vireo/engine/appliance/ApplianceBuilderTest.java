package io.vireo.engine.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.appliance.fixtures.FakeDebianMirror;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds "tiny" offline from a fake mirror whose kernel and modules are stand-ins with real package shapes. */
class ApplianceBuilderTest {
    private static final String RELEASE = FakeDebianMirror.TINY_KERNEL_RELEASE;

    @TempDir
    Path mirrorRoot;
    @TempDir
    Path cache;
    @TempDir
    Path aptEtc;

    @Test
    void buildsKernelAndInitramfsWhoseInitLoadsTheModuleClosureInOrder() throws IOException {
        List<Integer> percents = new ArrayList<>();
        Appliance tiny = builder(FakeDebianMirror.publishTinyArchive(mirrorRoot)).build("tiny", (percent, message) -> percents.add(percent));

        assertThat(tiny.kernelVersion()).isEqualTo(RELEASE);
        assertThat(tiny.cmdline()).isEqualTo("console=tty0 console=ttyS0 earlycon=sbi");
        assertThat(tiny.architecture()).isEqualTo(ApplianceArchitecture.RISCV64);
        assertThat(Files.readString(tiny.kernel())).isEqualTo("fake riscv64 kernel");
        assertThat(tiny.kernel()).isEqualTo(cache.resolve("appliances/tiny-" + RELEASE + "/Image"));
        assertThat(tiny.modules()).containsExactly("virtio_mmio", "drm", "virtio_gpu", "virtio_input", "virtio_blk",
                "failover", "net_failover", "virtio_net", "virtio_rng", "virtio_balloon", "evdev", "jbd2", "ext4",
                "scsi_common", "scsi_mod", "virtio_scsi", "sd_mod", "cdrom", "sr_mod", "isofs");
        assertThat(percents).isSorted().last().isEqualTo(100);

        Map<String, byte[]> initrd = readInitramfs(tiny.initrd());
        assertThat(initrd).containsKeys("init", "bin/busybox", "etc/inittab", "dev/console");
        assertThat(new String(initrd.get("init"), StandardCharsets.UTF_8)).isEqualTo("bin/busybox");
        String rcS = new String(initrd.get("etc/init.d/rcS"), StandardCharsets.UTF_8);
        assertThat(rcS).containsSubsequence("mount -t devtmpfs", "load /lib/modules/" + RELEASE + "/drm.ko",
                "load /lib/modules/" + RELEASE + "/virtio_gpu.ko", "load /lib/modules/" + RELEASE + "/virtio_net.ko",
                "udhcpc -b", "-s /etc/udhcpc.script", "VIREO-READY");
        // The session leader running rcS must not open the serial port: its exit would hang the port up and
        // drop the marker if the port had not sent it yet (CI saw boots without it).
        assertThat(rcS).contains("(printf '\\nVIREO-READY\\n' > $marker) &\nwait $!");
        assertThat(new String(initrd.get("etc/udhcpc.script"), StandardCharsets.UTF_8))
                .contains("ip addr replace \"$ip/${mask:-24}\"", "ip route replace default via", "nameserver $server");
        byte[] ext4 = initrd.get("lib/modules/" + RELEASE + "/ext4.ko");
        assertThat(ext4).startsWith(0x7f, 'E', 'L', 'F');
        assertThat(new String(initrd.get("etc/inittab"), StandardCharsets.UTF_8))
                .contains("ttyS0::respawn:-/bin/sh", "tty1::respawn:-/bin/sh");
    }

    @Test
    void secondBuildReusesTheCachedApplianceWithoutAnyPackageSource() throws IOException {
        Appliance first = builder(FakeDebianMirror.publishTinyArchive(mirrorRoot)).build("tiny", ProgressListener.NONE);
        ApplianceSettings noSources = new ApplianceSettings(cache, Optional.empty(), List.of("sid"), aptEtc);

        Appliance second = new ApplianceBuilder(noSources).build("tiny", ProgressListener.NONE);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void theX86TinyIsTheSameRecipeBuiltFromAmd64PackagesWithItsKernelAsBzImage() throws IOException {
        String release = FakeDebianMirror.tinyKernelRelease(ApplianceArchitecture.X86_64);

        Appliance tiny = builder(FakeDebianMirror.publishTinyArchive(mirrorRoot, ApplianceArchitecture.X86_64))
                .build(ApplianceRecipe.TINY_X86_64, ProgressListener.NONE);

        assertThat(tiny.architecture()).isEqualTo(ApplianceArchitecture.X86_64);
        assertThat(tiny.kernelVersion()).isEqualTo(release);
        assertThat(tiny.kernel()).isEqualTo(cache.resolve("appliances/tiny-x86_64-" + release + "/bzImage"));
        assertThat(Files.readString(tiny.kernel())).isEqualTo("fake x86_64 kernel");
        assertThat(tiny.cmdline()).as("no SBI on a PC").isEqualTo("console=tty0 console=ttyS0");
        // virtio-pci is built into Debian's amd64 kernel; everything else is the riscv64 tiny's closure
        assertThat(tiny.modules()).containsExactly("drm", "virtio_gpu", "virtio_input", "virtio_blk",
                "failover", "net_failover", "virtio_net", "virtio_rng", "virtio_balloon", "evdev", "jbd2", "ext4",
                "scsi_common", "scsi_mod", "virtio_scsi", "sd_mod", "cdrom", "sr_mod", "isofs");
        Map<String, byte[]> initrd = readInitramfs(tiny.initrd());
        assertThat(new String(initrd.get("etc/init.d/rcS"), StandardCharsets.UTF_8))
                .contains("hostname tiny-x86-64", "load /lib/modules/" + release + "/virtio_blk.ko",
                        "[ -c /dev/ttyS0 ] && marker=/dev/ttyS0", "VIREO-READY");
        assertThat(initrd).containsKey("lib/modules/" + release + "/virtio_net.ko");
        assertThat(Files.readString(tiny.kernel().resolveSibling("manifest.json")))
                .contains("\"architecture\": \"x86_64\"", "\"kernel\": \"bzImage\"", "sid amd64");
    }

    @Test
    void bothTinyAppliancesLiveSideBySideInOneCache() throws IOException {
        FakeDebianMirror.publishTinyArchive(mirrorRoot, ApplianceArchitecture.RISCV64);
        FakeDebianMirror.publishTinyArchive(mirrorRoot, ApplianceArchitecture.X86_64);
        Appliance riscv = builder(mirrorRoot).build(ApplianceRecipe.TINY, ProgressListener.NONE);
        Appliance x86 = builder(mirrorRoot).build(ApplianceRecipe.TINY_X86_64, ProgressListener.NONE);
        ApplianceBuilder noSources = new ApplianceBuilder(
                new ApplianceSettings(cache, Optional.empty(), List.of("sid"), aptEtc));

        assertThat(noSources.build(ApplianceRecipe.TINY, ProgressListener.NONE)).isEqualTo(riscv);
        assertThat(noSources.build(ApplianceRecipe.TINY_X86_64, ProgressListener.NONE)).isEqualTo(x86);
    }

    @Test
    void aRiscvApplianceCachedBeforeManifestsNamedTheirArchitectureIsStillUsed() throws IOException {
        Appliance first = builder(FakeDebianMirror.publishTinyArchive(mirrorRoot)).build("tiny", ProgressListener.NONE);
        Path manifest = first.kernel().resolveSibling("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("  \"architecture\": \"riscv64\",\n", ""));
        ApplianceSettings noSources = new ApplianceSettings(cache, Optional.empty(), List.of("sid"), aptEtc);

        Appliance second = new ApplianceBuilder(noSources).build("tiny", ProgressListener.NONE);

        assertThat(Files.readString(manifest)).doesNotContain("architecture");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void anApplianceCachedBeforeItsRecipeGainedAModuleIsBuiltAgain() throws IOException {
        Appliance first = builder(FakeDebianMirror.publishTinyArchive(mirrorRoot)).build("tiny", ProgressListener.NONE);
        Path manifest = first.kernel().resolveSibling("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace(", \"isofs\"", ""));

        Appliance again = builder(mirrorRoot).build("tiny", ProgressListener.NONE);

        assertThat(again.modules()).contains("isofs");
        assertThat(Files.readString(manifest)).contains("\"isofs\"");
    }

    @Test
    void withNoWorkingSourceTheBuildFailsNamingBothSources() {
        ApplianceSettings noSources = new ApplianceSettings(cache, Optional.of(mirrorRoot.toUri()), List.of("sid"), aptEtc);

        assertThatThrownBy(() -> new ApplianceBuilder(noSources).build("tiny", ProgressListener.NONE))
                .isInstanceOf(ApplianceException.class)
                .hasMessageContaining("mirror " + mirrorRoot.toUri())
                .hasMessageContaining("apt: no archive URI");
    }

    @Test
    void unknownApplianceNameListsTheKnownOnes() {
        assertThatThrownBy(() -> builder(mirrorRoot).build("huge", ProgressListener.NONE))
                .isInstanceOf(ApplianceException.class)
                .hasMessageContaining("no appliance named 'huge'; known: debian, tiny, tiny-x86_64");
    }

    private ApplianceBuilder builder(Path mirror) {
        return new ApplianceBuilder(new ApplianceSettings(cache, Optional.of(mirror.toUri()), List.of("sid"), aptEtc));
    }

    private static Map<String, byte[]> readInitramfs(Path initrd) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream file = Files.newInputStream(initrd);
             CpioArchiveInputStream cpio = new CpioArchiveInputStream(new GZIPInputStream(file))) {
            CpioArchiveEntry entry;
            while ((entry = cpio.getNextEntry()) != null) {
                entries.put(entry.getName(), cpio.readAllBytes());
            }
        }
        return entries;
    }
}
