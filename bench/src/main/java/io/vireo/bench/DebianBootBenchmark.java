package io.vireo.bench;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceRecipe;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.appliance.RootDisk;
import io.vireo.engine.boot.disk.BootFiles;
import io.vireo.engine.boot.disk.DiskBoot;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VmSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Boots the debian appliance from its disk with Vireo and with QEMU's TCG ({@code qemu-system-riscv64 -M virt}),
 * each on a fresh overlay of the cached disk (so both make the same first boot: host keys, the user), with the
 * kernel and initrd of the disk's {@code /boot}, the same command line, harts and memory, a virtio disk and an
 * entropy source. Vireo boots as the console's VMs do, reading the kernel from the disk itself (that time
 * counts); QEMU gets the same files, extracted beforehand. For each run it prints the seconds from power on to
 * {@code login:} on the serial console and to {@code systemctl is-system-running --wait} answering once the
 * first-boot user logged in there (the boot's jobs are all done: the system is usable), then the state it
 * answered and the guest's own {@code systemd-analyze} line.
 *
 * <p>Usage: {@code DebianBootBenchmark [runs] [harts]}.
 */
public final class DebianBootBenchmark {
    /** Generous: on a machine busy with other guests one boot took over 20 minutes to login:. */
    private static final Duration BOOT = Duration.ofMinutes(45);
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final long MEMORY = 1L << 30;
    private static final String USER = "bench";
    private static final String IDENTITY = "vireo.hostname=bench vireo.user=" + USER;
    /** Each value is printed between markers whose typed form (around a {@code $(...)}) cannot match them. */
    private static final Pattern STATE = Pattern.compile("state=([a-z-]+)=");
    private static final Pattern ANALYZE = Pattern.compile("analyze=([^$\\r\\n][^\\r\\n]*)=end");

    private DebianBootBenchmark() {
    }

    record Result(double toLogin, double toRunning, String state, String analyze) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int harts = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Appliance debian = new ApplianceBuilder(ApplianceSettings.fromEnvironment())
                .build(ApplianceRecipe.DEBIAN, ProgressListener.NONE);
        RootDisk disk = debian.rootDisk().orElseThrow();
        Path work = Files.createTempDirectory("vireo-debian-bench");
        try {
            BootFiles boot;
            try (DiskImage image = DiskChain.open(disk.image(), Optional.of(ImageFormat.QCOW2), true)) {
                boot = DiskBoot.find(image, "disk 1");
            }
            Path kernel = work.resolve("Image"), initrd = work.resolve("initrd.img");
            boot.writeTo(kernel, initrd);
            String cmdline = boot.commandLine() + " " + IDENTITY;
            System.out.printf("debian appliance, kernel %s (%s), %d harts, %d MiB, %d run(s) each%n"
                    + "command line: %s%n", debian.kernelVersion(), boot.origin(), harts, MEMORY >> 20, runs, cmdline);

            List<Result> vireo = new ArrayList<>(), qemu = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                Path overlay = work.resolve("vireo-" + i + ".qcow2");
                ChainOperations.createOverlay(disk.image(), overlay);
                VmSpec spec = new VmSpec("debian-bench", harts, MEMORY, work.resolve("vireo-" + i + ".Image"),
                        work.resolve("vireo-" + i + ".initrd"), IDENTITY,
                        List.of(new DeviceSpec.Disk(overlay, ImageFormat.QCOW2, false), new DeviceSpec.Rng()), null, true);
                long start = System.nanoTime();
                try (VmConsole console = new VmConsole(spec)) {
                    vireo.add(print("vireo", i, measure(console, start)));
                }
            }
            for (int i = 1; i <= runs; i++) {
                Path overlay = work.resolve("qemu-" + i + ".qcow2");
                qemuImgOverlay(disk.image(), overlay);
                long start = System.nanoTime();
                try (ProcessConsole console = ProcessConsole.qemu(List.of("-m", (MEMORY >> 20) + "M",
                        "-smp", Integer.toString(harts), "-kernel", kernel.toString(), "-initrd", initrd.toString(),
                        "-append", cmdline, "-drive", "file=" + overlay + ",format=qcow2,if=none,id=root",
                        "-device", "virtio-blk-device,drive=root", "-device", "virtio-rng-device"))) {
                    qemu.add(print("qemu ", i, measure(console, start)));
                }
            }
            System.out.printf("%-22s %10s %10s%n", "debian boot, seconds", "vireo", "qemu TCG");
            System.out.printf("%-22s %10.1f %10.1f%n", "to login:", median(vireo, Result::toLogin),
                    median(qemu, Result::toLogin));
            System.out.printf("%-22s %10.1f %10.1f%n", "to is-system-running", median(vireo, Result::toRunning),
                    median(qemu, Result::toRunning));
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Waits for {@code login:}, logs in as the first-boot user (typing the empty password if asked) and asks
     * systemd to answer once the boot's jobs are done.
     */
    private static Result measure(GuestConsole console, long start) throws IOException, InterruptedException {
        console.await("login: ", BOOT);
        double toLogin = since(start);
        console.type(USER);
        if (console.awaitValue(Pattern.compile("(Password: |\\$ )"), STEP).startsWith("Password")) {
            console.type("");
            console.await("$ ", STEP);
        }
        console.type("echo state=$(systemctl is-system-running --wait)=");
        String state = console.awaitValue(STATE, BOOT);
        double toRunning = since(start);
        console.type("echo analyze=$(systemd-analyze 2>&1 | head -1)=end");
        String analyze = console.awaitValue(ANALYZE, STEP).strip();
        return new Result(toLogin, toRunning, state, analyze);
    }

    private static Result print(String name, int run, Result r) {
        System.out.printf("  %s run %d: login: after %.1f s, is-system-running answered %s after %.1f s; %s%n",
                name, run, r.toLogin(), r.state(), r.toRunning(), r.analyze());
        return r;
    }

    /** A qcow2 overlay QEMU opens without probing: the backing file's format is written in it. */
    private static void qemuImgOverlay(Path base, Path overlay) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b",
                base.toAbsolutePath().toString(), overlay.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("qemu-img create failed: " + output);
        }
    }

    private static double since(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Result> results, ToDoubleFunction<Result> value) {
        double[] sorted = results.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
