package io.vireo.engine.vm;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.cli.VireoEngine;
import io.vireo.engine.testing.SerialTranscript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Suspends the tiny appliance while a guest loop prints a counter every 100 ms, resumes it in this JVM
 * and then, suspended again, in a new JVM process through {@code vireo-engine resume}: the guest was never
 * restarted (same boot id), the counter goes on from where it stopped, and the serial console still
 * takes commands.
 */
class SavedStateGuestTest {
    private static final Duration BOOT = Duration.ofMinutes(6);
    private static final Duration COMMAND = Duration.ofSeconds(90);
    private static final Pattern COUNTER = Pattern.compile("C(\\d+)\\r?\\n");
    private static final Pattern BOOT_ID = Pattern.compile("id=([0-9a-f-]{36})\\r?\\n");

    @TempDir
    Path dir;

    @Test
    void suspendedGuestContinuesInThisProcessAndThenInANewOne() throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        VmSpec spec = VmSpec.of("saved-it", 2, 256L << 20, tiny.kernel(), tiny.initrd(), tiny.cmdline());
        String bootId;
        int lastBeforeFirstSuspend;
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            SerialTranscript serial = console(vm);
            vm.start();
            serial.await(Pattern.compile(Appliance.READY_MARKER), Instant.now().plus(BOOT));
            serial.await(Pattern.compile("# "), deadline());
            serial.type("echo id=$(cat /proc/sys/kernel/random/boot_id)");
            bootId = serial.await(BOOT_ID, deadline()).group(1);
            serial.type("i=0; while true; do echo C$i; i=$((i+1)); usleep 100000; done &");
            awaitCounterAtLeast(serial, 5);
            vm.suspendTo(dir);
            assertThat(vm.state()).isEqualTo(VmState.SUSPENDED);
            lastBeforeFirstSuspend = lastCounter(serial.transcript());
        }
        assertThat(Files.size(dir.resolve("memory.bin"))).isEqualTo(256L << 20);

        try (VirtualMachine vm = new VirtualMachine(VirtualMachine.savedSpec(dir))) {
            SerialTranscript serial = console(vm);
            vm.resumeFrom(dir);
            int first = awaitCounterAtLeast(serial, 0);
            assertThat(first).as("the first count after resuming in this process").isBetween(lastBeforeFirstSuspend,
                    lastBeforeFirstSuspend + 3);
            awaitCounterAtLeast(serial, first + 3);
            vm.suspendTo(dir);
            lastBeforeFirstSuspend = lastCounter(serial.transcript());
        }

        Process resumed = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                VireoEngine.class.getName(), "resume", dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            SerialTranscript serial = new SerialTranscript(bytes -> typeInto(resumed, bytes));
            Thread.ofPlatform().daemon().start(() -> copy(resumed.getInputStream(), serial));
            int first = awaitCounterAtLeast(serial, 0);
            assertThat(first).as("the first count in the new process").isBetween(lastBeforeFirstSuspend,
                    lastBeforeFirstSuspend + 3);
            awaitCounterAtLeast(serial, first + 3);
            serial.type("kill %1; echo id=$(cat /proc/sys/kernel/random/boot_id)");
            assertThat(serial.await(BOOT_ID, deadline()).group(1)).as("the guest was not restarted").isEqualTo(bootId);
            serial.type("poweroff");
            assertThat(resumed.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)).as(serial.tail()).isTrue();
            assertThat(resumed.exitValue()).isZero();
        } finally {
            resumed.destroyForcibly();
        }
    }

    private static SerialTranscript console(VirtualMachine vm) {
        SerialTranscript serial = new SerialTranscript(vm::typeSerial);
        vm.addSerialListener(serial::append);
        return serial;
    }

    /** Waits for a counter line of at least {@code minimum} after the last match; returns the first such value. */
    private static int awaitCounterAtLeast(SerialTranscript serial, int minimum) throws Exception {
        Instant deadline = deadline();
        while (true) {
            Matcher m = serial.await(COUNTER, deadline);
            int value = Integer.parseInt(m.group(1));
            if (value >= minimum) {
                return value;
            }
        }
    }

    private static int lastCounter(String transcript) {
        Matcher m = COUNTER.matcher(transcript);
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    private static void typeInto(Process process, byte[] bytes) {
        try {
            OutputStream in = process.getOutputStream();
            in.write(bytes);
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(InputStream from, SerialTranscript to) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = from.read(buffer)) > 0) {
                to.append(buffer, n);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static Instant deadline() {
        return Instant.now().plus(COMMAND);
    }
}
