package io.vireo.engine.vm;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.cpu.TrapCause;
import io.vireo.engine.sbi.SbiExtension;
import io.vireo.engine.testing.SerialTranscript;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots Debian's stock riscv64 kernel (the tiny appliance) on two harts, named on its command line as a
 * clone is, and uses its shell over the serial console.
 */
class TinyApplianceBootTest {
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void stockDebianKernelBootsToAShellOnTwoHartsAndPowersOff() throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        VmSpec spec = VmSpec.of("tiny-it", 2, 512L << 20, tiny.kernel(), tiny.initrd(),
                tiny.cmdline() + " vireo.hostname=clone-7");
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            SerialTranscript serial = new SerialTranscript(vm::typeSerial);
            vm.addSerialListener(serial::append);
            vm.start();
            serial.await(Pattern.compile(Appliance.READY_MARKER), Instant.now().plus(BOOT_TIMEOUT));
            serial.await(Pattern.compile("# "), deadline());

            assertThat(run(serial, "nproc", "(\\d+)")).isEqualTo("2");
            assertThat(run(serial, "echo name=$(hostname)", "name=([a-z0-9-]+)")).as("the host name from the command line")
                    .isEqualTo("clone-7");
            assertThat(run(serial, "uname -m", "(riscv\\d+)")).isEqualTo("riscv64");

            String guestHash = run(serial, "seq 1 20000 > /tmp/f; sha256sum /tmp/f", "([0-9a-f]{64})  /tmp/f");
            String bytes = IntStream.rangeClosed(1, 20000).mapToObj(Integer::toString)
                    .collect(Collectors.joining("\n", "", "\n"));
            String hostHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(bytes.getBytes(StandardCharsets.US_ASCII)));
            assertThat(guestHash).isEqualTo(hostHash);

            String guestSum = run(serial,
                    "awk 'BEGIN { s = 0; for (i = 1; i <= 2000; i++) s += 1 / (i * 1.5); printf \"sum=%.12f\\n\", s * 3.25 }'",
                    "sum=([0-9.]+)");
            double s = 0;
            for (int i = 1; i <= 2000; i++) {
                s += 1 / (i * 1.5);
            }
            assertThat(guestSum).isEqualTo(new BigDecimal(s * 3.25).setScale(12, RoundingMode.HALF_EVEN).toPlainString());

            long guestEpoch = Long.parseLong(run(serial, "date +%s", "(\\d{9,})"));
            assertThat(Math.abs(guestEpoch - Instant.now().getEpochSecond())).isLessThan(60);

            VmCounters counters = vm.counters();
            assertThat(counters.instructionsRetired()).isPositive();
            assertThat(counters.trapsByCause().get(TrapCause.SUPERVISOR_TIMER_INTERRUPT)).isPositive();
            assertThat(counters.sbiCallsByExtension().get(SbiExtension.HSM)).isPositive();

            serial.type("poweroff");
            assertThat(vm.awaitState(VmState.STOPPED, COMMAND_TIMEOUT)).as(serial.tail()).isTrue();
        }
    }

    /** Types a command and returns group 1 of the first match of {@code answer} in what follows it. */
    private static String run(SerialTranscript serial, String command, String answer) throws Exception {
        serial.type(command);
        Matcher m = serial.await(Pattern.compile(answer + "\\s*\\r?\\n"), deadline());
        String value = m.group(1);
        serial.await(Pattern.compile("# "), deadline());
        return value;
    }

    private static Instant deadline() {
        return Instant.now().plus(COMMAND_TIMEOUT);
    }
}
