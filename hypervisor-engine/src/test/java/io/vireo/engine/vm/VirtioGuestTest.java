package io.vireo.engine.vm;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.display.rfb.RfbServer;
import io.vireo.engine.display.rfb.RfbSession;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.QemuImg;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.testing.Await;
import io.vireo.engine.testing.SerialTranscript;
import io.vireo.engine.testing.rfb.RfbClient;
import io.vireo.engine.testing.rfb.RfbPipes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tiny appliance using virtio devices: a qcow2 data disk through snapshots, entropy, and the balloon. */
class VirtioGuestTest {
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final Duration COMMAND = Duration.ofSeconds(90);
    private static Appliance tiny;

    @TempDir
    Path dir;

    @BeforeAll
    static void appliance() {
        tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
    }

    private static VmSpec spec(DeviceSpec... devices) {
        return VmSpec.of("virtio-it", 1, 512L << 20, tiny.kernel(), tiny.initrd(), tiny.cmdline())
                .withDevices(List.of(devices));
    }

    /** A powered-on VM at its shell prompt. */
    private record Guest(VirtualMachine vm, SerialTranscript serial) {
        static Guest boot(VmSpec spec) throws Exception {
            VirtualMachine vm = new VirtualMachine(spec);
            SerialTranscript serial = new SerialTranscript(vm::typeSerial);
            vm.addSerialListener(serial::append);
            vm.start();
            serial.await(Pattern.compile(Appliance.READY_MARKER), Instant.now().plus(BOOT));
            serial.await(Pattern.compile("# "), Instant.now().plus(COMMAND));
            return new Guest(vm, serial);
        }

        /** Runs a command and returns group 1 of {@code answer} in its output. */
        String run(String command, String answer) throws Exception {
            serial.type(command);
            String value = serial.await(Pattern.compile(answer), Instant.now().plus(COMMAND)).group(1);
            serial.await(Pattern.compile("# "), Instant.now().plus(COMMAND));
            return value;
        }

        /** MemTotal in /proc/meminfo, which free shows as the total. */
        long memTotalKib() throws Exception {
            return Long.parseLong(run("grep MemTotal /proc/meminfo", "MemTotal:\\s+(\\d+) kB"));
        }

        void powerOff() throws Exception {
            serial.type("poweroff");
            assertThat(vm.awaitState(VmState.STOPPED, COMMAND)).as(serial.tail()).isTrue();
            vm.close();
        }
    }

    private static DeviceSpec.Disk disk(Path image) {
        return new DeviceSpec.Disk(image, ImageFormat.QCOW2, false);
    }

    @Test
    void dataDiskKeepsItsContentAcrossSnapshotRevertAndConsolidate() throws Exception {
        Path base = dir.resolve("data.qcow2");
        ChainOperations.create(base, ImageFormat.QCOW2, 64L << 20, Optional.empty());

        Path spare = dir.resolve("spare.qcow2");
        ChainOperations.create(spare, ImageFormat.QCOW2, 8L << 20, Optional.empty());
        Guest g = Guest.boot(spec(disk(base), new DeviceSpec.Disk(spare, ImageFormat.QCOW2, true), new DeviceSpec.Rng()));
        assertThat(g.run("head -c 32 /dev/hwrng | wc -c", "\\n(\\d+)\\r?\\n")).isEqualTo("32");
        assertThat(g.run("cat /sys/block/vdb/ro /sys/block/vdb/size", "\\n(\\d+\\r?\\n\\d+)\\r?\\n").split("\\s+"))
                .as("a second, read-only disk of 8 MiB").containsExactly("1", "16384");
        g.run("mke2fs -q /dev/vda && mkdir -p /mnt && mount /dev/vda /mnt && echo first-content > /mnt/f && sync"
                + " && cat /mnt/f && umount /mnt", "\\n(first-content)\\r?\\n");
        g.powerOff();

        Path delta = dir.resolve("delta1.qcow2");
        ChainOperations.createOverlay(base, delta);
        g = Guest.boot(spec(disk(delta)));
        assertThat(g.run("mkdir -p /mnt && mount /dev/vda /mnt && echo second-content > /mnt/f && sync && cat /mnt/f",
                "\\n(second-content)\\r?\\n")).isEqualTo("second-content");
        g.run("umount /mnt && echo unmounted", "\\n(unmounted)\\r?\\n");
        g.powerOff();

        Files.delete(delta);
        ChainOperations.createOverlay(base, delta);
        g = Guest.boot(spec(disk(delta)));
        assertThat(g.run("mkdir -p /mnt && mount /dev/vda /mnt && cat /mnt/f", "\\n(\\w+-content)\\r?\\n"))
                .as("reverting to the snapshot brings the first content back").isEqualTo("first-content");
        g.run("echo third-content > /mnt/f && sync && umount /mnt && echo unmounted", "\\n(unmounted)\\r?\\n");
        g.powerOff();

        ChainOperations.commit(delta);
        Files.delete(delta);
        g = Guest.boot(spec(disk(base)));
        assertThat(g.run("mkdir -p /mnt && mount /dev/vda /mnt && cat /mnt/f", "\\n(\\w+-content)\\r?\\n"))
                .as("after consolidation the base image alone holds the latest content").isEqualTo("third-content");
        g.powerOff();
        assertThat(ChainOperations.check(base).clean()).isTrue();
    }

    @Test
    void snapshotsOfARunningGuestThatWritesAllTheTimeAreConsistentAndTheGuestSeesNoError() throws Exception {
        Path top = dir.resolve("data.qcow2");
        ChainOperations.create(top, ImageFormat.QCOW2, 4L << 20, Optional.empty());
        Guest g = Guest.boot(spec(disk(top)));
        // Round i writes "round<i>" into 4 KiB block i % 256, bypassing the guest's page cache, one at a time.
        g.serial().type("(i=0; while [ ! -e /tmp/stop ]; do i=$((i+1)); printf 'round%08d' $i"
                + " | dd of=/dev/vda bs=4096 seek=$((i % 256)) conv=sync oflag=direct 2>/dev/null"
                + " || echo \"round $i: dd exit $?\" >> /tmp/dd.err; done; echo $i > /tmp/rounds) &");
        List<Path> frozen = new ArrayList<>();
        long emptySize = Files.size(top);
        for (int k = 1; k <= 3; k++) {
            awaitWritesInto(top, emptySize);
            Path current = top, next = dir.resolve("delta" + k + ".qcow2");
            long[] created = new long[1];
            g.vm().reopenDisk(0, next, () -> {
                ChainOperations.createOverlay(current, next);
                created[0] = Files.size(next);
            });
            frozen.add(current);
            top = next;
            emptySize = created[0];
        }
        awaitWritesInto(top, emptySize);
        Path wrongSize = dir.resolve("wrong-size.qcow2"), missing = dir.resolve("missing.qcow2");
        ChainOperations.create(wrongSize, ImageFormat.QCOW2, 8L << 20, Optional.empty());
        assertThatThrownBy(() -> g.vm().reopenDisk(0, wrongSize, () -> { }))
                .isInstanceOf(ImageException.class).hasMessageContaining("change size");
        assertThatThrownBy(() -> g.vm().reopenDisk(0, missing, () -> { })).isInstanceOf(ImageException.class);
        assertThat(g.vm().spec().disk(0).image()).as("a failed reopen leaves the disk on its top").isEqualTo(top);
        assertThat(g.vm().state()).as("the snapshots never showed the VM paused").isEqualTo(VmState.RUNNING);
        assertThat(g.vm().spec().disk(0).image()).isEqualTo(top);
        g.run("touch /tmp/stop; while [ ! -e /tmp/rounds ]; do sleep 1; done; echo rounds=$(cat /tmp/rounds)",
                "rounds=(\\d+)");
        assertThat(g.run("cat /tmp/dd.err 2>/dev/null; echo dd-failures=$(cat /tmp/dd.err 2>/dev/null | wc -l)",
                "dd-failures=(\\d+)")).as("dd runs that failed").isEqualTo("0");
        assertThat(g.run("echo io-errors=$(dmesg | grep -ci 'i/o error')", "io-errors=(\\d+)"))
                .as("errors in the guest's kernel log").isEqualTo("0");
        g.powerOff();
        assertThatThrownBy(() -> g.vm().reopenDisk(0, missing, () -> { })).isInstanceOf(IllegalStateException.class);

        long previous = 0;
        for (Path snapshot : frozen) {
            QemuImg.assertCheckClean(snapshot);
            long rounds = lastRoundIn(QemuImg.contents(snapshot), snapshot);
            assertThat(rounds).as("%s holds later rounds than the snapshot before it", snapshot).isGreaterThan(previous);
            previous = rounds;
        }
        QemuImg.assertCheckClean(top);
        assertThat(lastRoundIn(QemuImg.contents(top), top)).isGreaterThan(previous);
    }

    /** Waits until the guest wrote into {@code image}, seen as the file growing past its size when empty. */
    private static void awaitWritesInto(Path image, long emptySize) throws InterruptedException {
        Await.until(() -> sizeOf(image) > emptySize, COMMAND, () -> "the guest wrote nothing into " + image);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The last round a disk image holds, once it is checked to hold exactly what the guest had written
     * after that round: every block the latest round of its own, nothing torn, nothing missing.
     */
    private static long lastRoundIn(byte[] disk, Path image) {
        long last = 0;
        long[] rounds = new long[256];
        for (int b = 0; b < rounds.length; b++) {
            String block = new String(disk, b * 4096, 4096, StandardCharsets.US_ASCII);
            if (block.chars().allMatch(c -> c == 0)) {
                continue;
            }
            assertThat(block).as("block %d of %s", b, image).matches("round\\d{8}\\x00{4083}");
            rounds[b] = Long.parseLong(block.substring(5, 13));
            assertThat(rounds[b] % 256).as("block %d of %s names the round that wrote it", b, image).isEqualTo(b);
            last = Math.max(last, rounds[b]);
        }
        for (int b = 0; b < rounds.length; b++) {
            long expected = last - Math.floorMod(last - b, 256);
            assertThat(rounds[b]).as("block %d of %s, whose last round is %d", b, image, last)
                    .isEqualTo(Math.max(expected, 0));
        }
        return last;
    }

    @Test
    void inflatingTheBalloonGivesGuestMemoryBackToTheHostAndLowersTheGuestsMemoryLive() throws Exception {
        Guest g = Guest.boot(spec(new DeviceSpec.Balloon()));
        g.run("dd if=/dev/zero of=/tmp/fill bs=1M count=200 2>/dev/null; rm /tmp/fill; echo filled", "\\n(filled)\\r?\\n");
        long before = g.vm().residentMemoryBytes();
        assertThat(g.vm().setBalloonTarget(100L << 20)).isTrue();
        Await.until(() -> g.vm().balloonActualBytes() >= (100L << 20), COMMAND,
                () -> "the balloon holds " + g.vm().balloonActualBytes() + " bytes");
        long after = g.vm().residentMemoryBytes();
        assertThat(g.vm().balloonActualBytes()).isEqualTo(100L << 20);
        assertThat(before - after).as("host memory held by the VM drops by most of the balloon")
                .isGreaterThan(80L << 20);
        assertThat(g.vm().balloonStatistics()).as("the guest reports its memory on the stats queue")
                .containsKeys("free-memory", "total-memory");

        assertThat(g.vm().resizeMemory(512L << 20)).isTrue();
        Await.until(() -> g.vm().balloonActualBytes() == 0, COMMAND, () -> "the balloon did not deflate");
        long full = g.memTotalKib();
        assertThat(g.vm().resizeMemory(256L << 20)).isTrue();
        assertThat(g.vm().memoryTargetBytes()).isEqualTo(256L << 20);
        Await.until(() -> g.vm().balloonActualBytes() == 256L << 20, COMMAND,
                () -> "the balloon holds " + g.vm().balloonActualBytes() + " bytes");
        assertThat(full - g.memTotalKib()).as("free (MemTotal) shows the guest 256 MiB smaller").isEqualTo(256L << 10);
        assertThat(g.vm().residentMemoryBytes()).as("the host holds at most what is left to the guest")
                .isLessThanOrEqualTo(256L << 20);
        assertThat(g.vm().resizeMemory(512L << 20)).isTrue();
        Await.until(() -> g.vm().balloonActualBytes() == 0, COMMAND, () -> "the balloon did not deflate");
        assertThat(g.memTotalKib()).as("raised back to 512 MiB").isEqualTo(full);
        assertThatThrownBy(() -> g.vm().resizeMemory(1L << 30)).as("beyond the memory it booted with")
                .isInstanceOf(IllegalArgumentException.class);
        g.powerOff();
    }

    @Test
    void theGuestConsoleShowsOnTheScreenAndTakesKeysTypedThroughVnc() throws Exception {
        Guest g = Guest.boot(spec(new DeviceSpec.Display(1024, 768), new DeviceSpec.Input()));
        assertThat(g.run("cat /sys/class/graphics/fb0/name", "\\n(virtio_gpudrmfb)\\r?\\n")).isEqualTo("virtio_gpudrmfb");
        var screen = g.vm().display().orElseThrow();
        assertThat(screen.width()).isEqualTo(1024);
        int lit = litPixels(screen);
        assertThat(lit).as("the framebuffer console has drawn text").isGreaterThan(500);

        g.run("echo; for i in 1 2 3 4 5 6 7 8; do echo a-line-for-the-screen > /dev/tty1; done; echo printed",
                "\\n(printed)\\r?\\n");
        Await.until(() -> litPixels(screen) != lit, COMMAND, () -> "text printed on tty1 did not change the screen");

        RfbServer vnc = new RfbServer(screen, g.vm().input().orElseThrow());
        try (RfbPipes pipes = new RfbPipes(vnc, new RfbSession.Options(false, Optional.empty()))) {
            RfbClient client = pipes.client();
            assertThat(client.handshake()).containsExactly(1024, 768);
            client.type("echo typed-through-vnc >/dev/ttyS0\n");
            g.serial().await(Pattern.compile("(?<!echo )typed-through-vnc\\r?\\n"), Instant.now().plus(COMMAND));
        }
        byte[] png = g.vm().screenshot().orElseThrow();
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        g.powerOff();
    }

    private static int litPixels(io.vireo.engine.display.Framebuffer screen) {
        int[] pixels = new int[screen.width() * screen.height()];
        screen.copy(0, 0, screen.width(), screen.height(), pixels);
        int lit = 0;
        for (int p : pixels) {
            if (p != 0) {
                lit++;
            }
        }
        return lit;
    }
}
