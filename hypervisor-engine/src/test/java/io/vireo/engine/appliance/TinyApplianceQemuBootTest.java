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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Oracle check, independent of Vireo's own engine: each real "tiny" appliance (built from the Debian archive into
 * ~/.cache/vireo, or taken from there) boots under QEMU (TCG) directly from its kernel and initramfs, prints the
 * ready marker, answers on the serial shell with its architecture and its virtio-gpu screen, and powers off.
 */
class TinyApplianceQemuBootTest {
    private static final Duration OVERALL = Duration.ofSeconds(300);

    /** How QEMU runs an architecture's tiny: the program, the machine and the bus its virtio devices sit on. */
    enum Machine {
        RISCV64(ApplianceRecipe.TINY, "qemu-system-riscv64", "qemu-system-misc", "device",
                "-M", "virt", "-global", "virtio-mmio.force-legacy=false"),
        X86_64(ApplianceRecipe.TINY_X86_64, "qemu-system-x86_64", "qemu-system-x86", "pci",
                "-machine", "q35", "-accel", "tcg", "-vga", "none");

        private final String appliance;
        private final String program;
        private final String debianPackage;
        private final String bus;
        private final List<String> machine;

        Machine(String appliance, String program, String debianPackage, String bus, String... machine) {
            this.appliance = appliance;
            this.program = program;
            this.debianPackage = debianPackage;
            this.bus = bus;
            this.machine = List.of(machine);
        }
    }

    @ParameterizedTest
    @EnumSource(Machine.class)
    void tinyBootsToReadyAnswersOnSerialAndPowersOff(Machine machine) throws Exception {
        Path qemu = RequiredTool.require(machine.program, machine.debianPackage);
        ApplianceRecipe recipe = ApplianceRecipe.named(machine.appliance);
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build(recipe.name(), ProgressListener.NONE);
        assertThat(tiny.modules()).as("dependencies load first")
                .containsSubsequence("drm", "virtio_gpu")
                .containsSubsequence("failover", "net_failover", "virtio_net")
                .containsSubsequence("jbd2", "ext4")
                .containsAll(recipe.modules());

        Process guest = new ProcessBuilder(command(qemu, machine, tiny)).redirectErrorStream(true).start();
        try {
            Instant started = Instant.now();
            Instant deadline = started.plus(OVERALL);
            SerialConsole serial = new SerialConsole(guest);

            serial.await(Pattern.compile("(?m)^" + Appliance.READY_MARKER + "\\r?$"), deadline);
            System.out.printf("%s: QEMU start to %s in %d ms%n", tiny.name(), Appliance.READY_MARKER,
                    Duration.between(started, Instant.now()).toMillis());
            assertThat(serial.transcript()).as("every module loads").doesNotContain("vireo: could not load");
            serial.await(Pattern.compile(Pattern.quote(recipe.hostname() + ":~# ")), deadline);
            serial.type("echo ARCH=$(uname -m) CPUS=$(nproc) FB=$(cat /sys/class/graphics/fb0/name)");
            serial.await(Pattern.compile("ARCH=" + tiny.architecture().label() + " CPUS=2 FB=virtio_gpudrmfb"), deadline);
            serial.type("poweroff");

            boolean exited = guest.waitFor(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            assertThat(exited).as("QEMU exits after poweroff; serial said:\n%s", serial.tail()).isTrue();
        } finally {
            guest.destroyForcibly();
            guest.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> command(Path qemu, Machine machine, Appliance tiny) {
        List<String> command = new ArrayList<>(List.of(qemu.toString()));
        command.addAll(machine.machine);
        command.addAll(List.of("-m", "512M", "-smp", "2",
                "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
                "-kernel", tiny.kernel().toString(), "-initrd", tiny.initrd().toString(),
                "-append", tiny.cmdline()));
        for (String device : List.of("virtio-gpu", "virtio-keyboard", "virtio-rng", "virtio-balloon")) {
            command.addAll(List.of("-device", device + "-" + machine.bus));
        }
        return command;
    }
}
