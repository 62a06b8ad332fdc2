package io.vireo.engine.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.testing.RequiredTool;
import io.vireo.engine.testing.SerialConsole;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Oracle check, independent of Vireo's own engine: the real "tiny" appliance (built from the
 * Debian archive into ~/.cache/vireo, or taken from there) boots under QEMU's riscv64 {@code virt}
 * machine, prints the ready marker, answers on the serial shell and powers off.
 */
class TinyApplianceQemuBootTest {
    private static final Duration OVERALL = Duration.ofSeconds(180);

    @Test
    void tinyBootsToReadyAnswersOnSerialAndPowersOff() throws Exception {
        Path qemu = RequiredTool.require("qemu-system-riscv64", "qemu-system-misc");
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        assertThat(tiny.modules()).as("dependencies load first")
                .containsSubsequence("virtio_mmio", "drm", "virtio_gpu")
                .containsSubsequence("failover", "net_failover", "virtio_net")
                .containsSubsequence("jbd2", "ext4")
                .contains("virtio_input", "virtio_blk", "virtio_rng", "virtio_balloon", "evdev");

        Process guest = new ProcessBuilder(command(qemu, tiny)).redirectErrorStream(true).start();
        try {
            Instant started = Instant.now();
            Instant deadline = started.plus(OVERALL);
            SerialConsole serial = new SerialConsole(guest);

            serial.await(Pattern.compile("(?m)^" + Appliance.READY_MARKER + "\\r?$"), deadline);
            System.out.printf("tiny: QEMU start to %s in %d ms%n", Appliance.READY_MARKER,
                    Duration.between(started, Instant.now()).toMillis());
            assertThat(serial.transcript()).as("every module loads").doesNotContain("vireo: could not load");
            serial.await(Pattern.compile("tiny:~# "), deadline);
            serial.type("echo ARCH=$(uname -m) CPUS=$(nproc) FB=$(cat /sys/class/graphics/fb0/name)");
            serial.await(Pattern.compile("ARCH=riscv64 CPUS=2 FB=virtio_gpudrmfb"), deadline);
            serial.type("poweroff");

            boolean exited = guest.waitFor(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            assertThat(exited).as("QEMU exits after poweroff; serial said:\n%s", serial.tail()).isTrue();
        } finally {
            guest.destroyForcibly();
            guest.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> command(Path qemu, Appliance tiny) {
        List<String> command = new ArrayList<>(List.of(qemu.toString(),
                "-M", "virt", "-m", "512M", "-smp", "2",
                "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
                "-kernel", tiny.kernel().toString(), "-initrd", tiny.initrd().toString(),
                "-append", tiny.cmdline(),
                "-global", "virtio-mmio.force-legacy=false",
                "-device", "virtio-gpu-device", "-device", "virtio-keyboard-device",
                "-device", "virtio-rng-device", "-device", "virtio-balloon-device"));
        return command;
    }
}
