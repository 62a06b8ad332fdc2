package io.vireo.engine.vm;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.cli.VireoEngine;
import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.VirtualNetwork;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.testing.Await;
import io.vireo.engine.testing.HostPage;
import io.vireo.engine.testing.SerialTranscript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Suspends the tiny appliance while a guest loop prints a counter every 100 ms and appends it to a file
 * it keeps open on its disk, resumes it in this JVM and then, suspended again, in a new JVM process
 * through {@code vireo-engine resume}: the guest was never restarted (same boot id), the counter goes on
 * from where it stopped, the disk and the entropy device still work and the serial console takes commands.
 * The VM has a display, balloon, keyboard, tablet and a NIC on a NAT network too: the screen the guest
 * drew comes back, the balloon inflated before the first suspend still holds after the resume, and its
 * driver still answers (it deflates on request); the NIC fetches a page from the host after each resume,
 * in the new process through the NAT network {@code resume} makes for it.
 */
class SavedStateGuestTest {
    private static final Duration BOOT = Duration.ofMinutes(6);
    private static final Duration COMMAND = Duration.ofSeconds(90);
    private static final long BALLOON = 64L << 20;
    private static final String PAGE = "served-to-a-saved-guest";
    private static final MacAddress MAC = MacAddress.parse("52:56:00:00:05:01");
    private static final Pattern BOOT_ID = Pattern.compile("id=([0-9a-f-]{36})\\r?\\n");

    @TempDir
    Path dir;

    @Test
    void suspendedGuestContinuesInThisProcessAndThenInANewOne() throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        Path disk = dir.resolve("data.qcow2");
        ChainOperations.create(disk, ImageFormat.QCOW2, 32L << 20, Optional.empty());
        try (HostPage page = HostPage.serve(InetAddress.getLoopbackAddress(), "/page", PAGE);
             VirtualNetwork nat = VirtualNetwork.start(NetworkSpec.userNat("saved-nat"))) {
            suspendAndResume(tiny, disk, nat, "wget -q -O - http://" + nat.spec().gateway() + ":" + page.port() + "/page; echo");
        }
    }

    private void suspendAndResume(Appliance tiny, Path disk, VirtualNetwork nat, String fetch) throws Exception {
        VmSpec spec = VmSpec.of("saved-it", 2, 256L << 20, tiny.kernel(), tiny.initrd(), tiny.cmdline())
                .withDevices(List.of(new DeviceSpec.Disk(disk, ImageFormat.QCOW2, false), new DeviceSpec.Rng(),
                        new DeviceSpec.Balloon(), new DeviceSpec.Input(), new DeviceSpec.Display(1024, 768),
                        new DeviceSpec.Nic(MAC, nat, OptionalInt.empty(), OptionalLong.empty())));
        Path saved = dir.resolve("saved");
        String bootId;
        int lastBeforeFirstSuspend;
        int[] screenBefore;
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            SerialTranscript serial = GuestCounter.console(vm);
            vm.start();
            serial.await(Pattern.compile(Appliance.READY_MARKER), Instant.now().plus(BOOT));
            serial.await(Pattern.compile("# "), deadline());
            Await.until(() -> nat.leases().stream().anyMatch(l -> l.mac().equals(MAC)), COMMAND,
                    () -> "the guest leased no address:\n" + serial.tail());
            serial.type(fetch);
            serial.await(Pattern.compile(Pattern.quote(PAGE)), deadline());
            serial.type("echo id=$(cat /proc/sys/kernel/random/boot_id)");
            bootId = serial.await(BOOT_ID, deadline()).group(1);
            // A steady text cursor, so the screen holds still between its capture and the suspend.
            serial.type("echo 0 > /sys/class/graphics/fbcon/cursor_blink; echo blink-off");
            serial.await(Pattern.compile("(?<!echo )blink-off\\r?\\n"), deadline());
            serial.type("mke2fs -q /dev/vda && mkdir -p /mnt && mount /dev/vda /mnt && echo kept > /mnt/f && sync");
            serial.await(Pattern.compile("# "), deadline());
            serial.type("(exec 3>>/mnt/log; i=0; while true; do echo C$i; echo $i >&3; i=$((i+1)); usleep 100000; done) &");
            GuestCounter.awaitAtLeast(serial, 5, deadline());
            assertThat(vm.setBalloonTarget(BALLOON)).isTrue();
            Await.until(() -> vm.balloonActualBytes() == BALLOON, COMMAND,
                    () -> "the balloon holds " + vm.balloonActualBytes() + " bytes");
            screenBefore = pixels(vm.display().orElseThrow());
            assertThat(Arrays.stream(screenBefore).filter(p -> p != 0).count()).as("the console drew text")
                    .isGreaterThan(500);
            vm.suspendTo(saved);
            assertThat(vm.state()).isEqualTo(VmState.SUSPENDED);
            lastBeforeFirstSuspend = GuestCounter.last(serial.transcript());
        }
        assertThat(Files.size(saved.resolve("memory.bin"))).isEqualTo(256L << 20);

        try (VirtualMachine vm = new VirtualMachine(SavedVm.spec(saved, (index, mac) -> nat))) {
            SerialTranscript serial = GuestCounter.console(vm);
            vm.resumeFrom(saved);
            int first = GuestCounter.awaitAtLeast(serial, 0, deadline());
            assertThat(first).as("the first count after resuming in this process").isBetween(lastBeforeFirstSuspend,
                    lastBeforeFirstSuspend + 3);
            int[] screenAfter = pixels(vm.display().orElseThrow());
            assertThat(screenAfter.length).as("the screen's mode").isEqualTo(screenBefore.length);
            long differing = IntStream.range(0, screenAfter.length).filter(i -> screenAfter[i] != screenBefore[i]).count();
            assertThat(differing).as("pixels that differ from the screen before the suspend").isLessThanOrEqualTo(128);
            assertThat(vm.memoryTargetBytes()).as("the balloon target set before the suspend")
                    .isEqualTo((256L << 20) - BALLOON);
            assertThat(vm.balloonActualBytes()).as("the pages the guest gave away").isEqualTo(BALLOON);
            assertThat(vm.setBalloonTarget(0)).isTrue();
            Await.until(() -> vm.balloonActualBytes() == 0, COMMAND,
                    () -> "the resumed guest's balloon did not deflate: " + vm.balloonActualBytes() + " bytes");
            serial.type(fetch);
            serial.await(Pattern.compile(Pattern.quote(PAGE)), deadline());
            GuestCounter.awaitAtLeast(serial, first + 3, deadline());
            vm.suspendTo(saved);
            lastBeforeFirstSuspend = GuestCounter.last(serial.transcript());
        }

        Process resumed = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                VireoEngine.class.getName(), "resume", saved.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            SerialTranscript serial = new SerialTranscript(bytes -> typeInto(resumed, bytes));
            Thread.ofPlatform().daemon().start(() -> copy(resumed.getInputStream(), serial));
            int first = GuestCounter.awaitAtLeast(serial, 0, deadline());
            assertThat(first).as("the first count in the new process").isBetween(lastBeforeFirstSuspend,
                    lastBeforeFirstSuspend + 3);
            GuestCounter.awaitAtLeast(serial, first + 3, deadline());
            serial.type("kill %1; echo id=$(cat /proc/sys/kernel/random/boot_id)");
            assertThat(serial.await(BOOT_ID, deadline()).group(1)).as("the guest was not restarted").isEqualTo(bootId);
            serial.type("echo disk=$(cat /mnt/f),$(tail -n 1 /mnt/log) rng=$(head -c 16 /dev/hwrng | wc -c)");
            Matcher check = serial.await(Pattern.compile("disk=(\\w+),(\\d+) rng=(\\d+)\\r?\\n"), deadline());
            assertThat(check.group(1)).isEqualTo("kept");
            assertThat(Integer.parseInt(check.group(2))).as("the loop's file went on too").isGreaterThan(first);
            assertThat(check.group(3)).isEqualTo("16");
            serial.type(fetch);
            serial.await(Pattern.compile(Pattern.quote(PAGE)), deadline());
            serial.type("poweroff");
            assertThat(resumed.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)).as(serial.tail()).isTrue();
            assertThat(resumed.exitValue()).isZero();
        } finally {
            resumed.destroyForcibly();
        }
    }

    private static int[] pixels(Framebuffer screen) {
        int[] pixels = new int[screen.width() * screen.height()];
        screen.copy(0, 0, screen.width(), screen.height(), pixels);
        return pixels;
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
