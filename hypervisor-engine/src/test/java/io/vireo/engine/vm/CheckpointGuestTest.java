package io.vireo.engine.vm;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.testing.SerialTranscript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkpoint of a running guest (its state and memory saved at one instant, its disk frozen there under a new
 * top) while a loop prints a counter: the guest goes on without a restart and writes to the new top; a second VM
 * resumed from the checkpoint over a fresh top on the frozen disk is back at the checkpoint's count and reads
 * what the disk held then. The checkpoint's memory file is never written, so it can be resumed again.
 */
class CheckpointGuestTest {
    private static final Duration BOOT = Duration.ofMinutes(6);
    private static final Duration COMMAND = Duration.ofSeconds(90);
    private static final Pattern COUNTER = Pattern.compile("C(\\d+)\\r?\\n");

    @TempDir
    Path dir;

    @Test
    void theGuestGoesOnAfterACheckpointAndALaterResumeIsBackAtIt() throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        Path base = dir.resolve("disk-0.qcow2");
        ChainOperations.create(base, ImageFormat.QCOW2, 32L << 20, Optional.empty());
        VmSpec spec = VmSpec.of("checkpoint-it", 1, 256L << 20, tiny.kernel(), tiny.initrd(), tiny.cmdline())
                .withDevices(List.of(new DeviceSpec.Disk(base, ImageFormat.QCOW2, false), new DeviceSpec.Rng()));
        Path saved = dir.resolve("checkpoint");
        Path liveTop = dir.resolve("disk-1.qcow2");
        int atCheckpoint;
        String memoryHash;
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            SerialTranscript serial = console(vm);
            vm.start();
            serial.await(Pattern.compile(Appliance.READY_MARKER), Instant.now().plus(BOOT));
            writeMarker(serial, "one");
            serial.type("(i=0; while true; do echo C$i; i=$((i+1)); usleep 100000; done) &");
            awaitCounterAtLeast(serial, 3);

            vm.checkpointTo(saved, Map.of(0, liveTop), () -> ChainOperations.createOverlay(base, liveTop));

            atCheckpoint = lastCounter(serial.transcript());
            assertThat(vm.state()).isEqualTo(VmState.RUNNING);
            assertThat(vm.spec().disk(0).image()).isEqualTo(liveTop);
            int after = awaitCounterAtLeast(serial, atCheckpoint + 10);
            assertThat(after).as("the guest went on counting").isGreaterThan(atCheckpoint);
            serial.type("kill %1");
            writeMarker(serial, "two");
            memoryHash = sha256(saved.resolve("memory.bin"));
            vm.powerOff();
        }

        Path revertedTop = dir.resolve("disk-2.qcow2");
        ChainOperations.createOverlay(base, revertedTop);
        try (VirtualMachine vm = new VirtualMachine(spec.withDisk(0,
                new DeviceSpec.Disk(revertedTop, ImageFormat.QCOW2, false)))) {
            SerialTranscript serial = console(vm);
            vm.resumeFrom(saved);
            int first = awaitCounterAtLeast(serial, 0);
            assertThat(first).as("the first count after going back to the checkpoint")
                    .isBetween(atCheckpoint, atCheckpoint + 3);
            serial.type("kill %1; echo read $(dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c 10) end");
            assertThat(serial.await(Pattern.compile("read (\\S+) end"), deadline()).group(1))
                    .as("the disk as it was at the checkpoint").isEqualTo("MARK-one-4");
            vm.powerOff();
        }
        assertThat(sha256(saved.resolve("memory.bin"))).as("the checkpoint's memory file").isEqualTo(memoryHash);
    }

    /** Written at the start of the disk, past the guest's cache. */
    private static void writeMarker(SerialTranscript serial, String marker) throws Exception {
        serial.type("echo MARK-" + marker + "-$((2+2)) | dd of=/dev/vda conv=fsync 2>/dev/null; echo wrote-" + marker
                + "-$((1+1))");
        serial.await(Pattern.compile("wrote-" + marker + "-2"), deadline());
    }

    private static SerialTranscript console(VirtualMachine vm) {
        SerialTranscript serial = new SerialTranscript(vm::typeSerial);
        vm.addSerialListener(serial::append);
        return serial;
    }

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

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static Instant deadline() {
        return Instant.now().plus(COMMAND);
    }
}
