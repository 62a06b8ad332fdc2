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
            SerialTranscript serial = GuestCounter.console(vm);
            vm.start();
            serial.await(Pattern.compile(Appliance.READY_MARKER), Instant.now().plus(BOOT));
            writeMarker(serial, "one");
            serial.type("(i=0; while true; do echo C$i; i=$((i+1)); usleep 100000; done) &");
            GuestCounter.awaitAtLeast(serial, 3, deadline());

            vm.checkpointTo(saved, Map.of(0, liveTop), () -> ChainOperations.createOverlay(base, liveTop));

            atCheckpoint = GuestCounter.last(serial.transcript());
            assertThat(vm.state()).isEqualTo(VmState.RUNNING);
            assertThat(vm.spec().disk(0).image()).isEqualTo(liveTop);
            int after = GuestCounter.awaitAtLeast(serial, atCheckpoint + 10, deadline());
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
            SerialTranscript serial = GuestCounter.console(vm);
            vm.resumeFrom(saved);
            int first = GuestCounter.awaitAtLeast(serial, 0, deadline());
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

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static Instant deadline() {
        return Instant.now().plus(COMMAND);
    }
}
