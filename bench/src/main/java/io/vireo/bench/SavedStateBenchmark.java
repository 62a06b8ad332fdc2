package io.vireo.bench;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.vm.NicNetworks;
import io.vireo.engine.vm.SavedVm;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Suspend and resume of the tiny appliance with 512 MiB that has filled 64 MiB of its RAM: how long the
 * save takes, how large its files are (apparent and allocated, beside what the guest uses), and how long
 * from the resume until the guest answers on its serial console. Vireo ({@code suspendTo}, then
 * {@code resumeFrom} in this process and {@code vireo-engine resume} in a new one) beside QEMU
 * ({@code migrate} to a file, then a new process with {@code -incoming} from it), in one run.
 */
public final class SavedStateBenchmark {
    private static final long MEMORY = 512L << 20;
    private static final Duration BOOT = Duration.ofMinutes(5);
    private static final Duration ANSWER = Duration.ofMinutes(1);
    private static final Pattern USED = Pattern.compile("used=(\\d+)\\r?\\n");
    /** Fills RAM with non-zero pages (a file on /tmp, a tmpfs), then prints what the guest uses in KiB. */
    private static final String FILL = "head -c 67108864 /dev/zero | tr '\\0' v > /tmp/fill;"
            + " echo used=$(awk '/MemTotal/{t=$2}/MemFree/{f=$2}END{print t-f}' /proc/meminfo)";

    private record Saved(String name, double saveMs, long apparent, long allocated, long guestUsed) {
    }

    private record Resumed(String name, double ms) {
    }

    private SavedStateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        Path dir = Files.createTempDirectory("vireo-saved-bench");
        List<Saved> saved = new ArrayList<>();
        List<Resumed> resumed = new ArrayList<>();
        try {
            Path vireoDir = dir.resolve("vireo");
            VmSpec spec = VmSpec.of("saved-bench", 1, MEMORY, tiny.kernel(), tiny.initrd(), tiny.cmdline());
            try (VmConsole c = new VmConsole(spec)) {
                long used = fill(c);
                long start = System.nanoTime();
                c.vm().suspendTo(vireoDir);
                saved.add(new Saved("vireo", millisSince(start), apparent(vireoDir), allocated(vireoDir), used));
            }
            try (VmConsole c = VmConsole.resuming(SavedVm.spec(vireoDir, NicNetworks.NONE), vireoDir)) {
                resumed.add(new Resumed("vireo, resumeFrom in this process", answered(c, c.resumedAt())));
                c.vm().suspendTo(vireoDir);
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            long spawn = System.nanoTime();
            try (ProcessConsole c = new ProcessConsole(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), "io.vireo.engine.cli.VireoEngine", "resume", vireoDir.toString()))) {
                resumed.add(new Resumed("vireo, `vireo-engine resume` (a new JVM)", answered(c, spawn)));
            }

            Path qemuFile = dir.resolve("qemu.migration"), qmpSocket = dir.resolve("qmp.socket");
            try (ProcessConsole c = ProcessConsole.qemu(qemuArguments(tiny, "-qmp", "unix:" + qmpSocket + ",server=on,wait=off"))) {
                long used = fill(c);
                try (Qmp qmp = Qmp.connect(qmpSocket, ANSWER)) {
                    // QEMU limits a migration's bandwidth by default; a save to a file should not be.
                    qmp.execute("{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"max-bandwidth\":" + (64L << 30) + "}}");
                    long start = System.nanoTime();
                    qmp.execute("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"exec:cat > " + qemuFile + "\"}}");
                    String status;
                    while (!(status = qmp.execute("{\"execute\":\"query-migrate\"}")).contains("\"completed\"")) {
                        if (status.contains("\"failed\"")) {
                            throw new IOException("QEMU's migration to " + qemuFile + " failed: " + status);
                        }
                    }
                    saved.add(new Saved("qemu", millisSince(start), Files.size(qemuFile), allocated(qemuFile), used));
                }
            }
            Files.delete(qmpSocket);
            spawn = System.nanoTime();
            try (ProcessConsole c = ProcessConsole.qemu(qemuArguments(tiny, "-incoming", "exec:cat " + qemuFile,
                    "-qmp", "unix:" + qmpSocket + ",server=on,wait=off"));
                 Qmp qmp = Qmp.connect(qmpSocket, ANSWER)) {
                awaitRunning(qmp);
                resumed.add(new Resumed("qemu, -incoming (a new process)", answered(c, spawn)));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        System.out.printf("tiny appliance, %d MiB, 1 hart, 64 MiB of its RAM filled:%n", MEMORY >> 20);
        System.out.printf("  %-6s %10s %14s %14s %16s%n", "", "save", "files", "on disk", "guest uses");
        for (Saved s : saved) {
            System.out.printf("  %-6s %7.0f ms %10.1f MiB %10.1f MiB %12.1f MiB%n", s.name(), s.saveMs(), mib(s.apparent()),
                    mib(s.allocated()), s.guestUsed() / 1024.0);
        }
        System.out.println("  resume until the guest answers on its serial console:");
        for (Resumed r : resumed) {
            System.out.printf("    %-45s %8.0f ms%n", r.name(), r.ms());
        }
    }

    private static List<String> qemuArguments(Appliance tiny, String... more) {
        List<String> arguments = new ArrayList<>(List.of("-m", (MEMORY >> 20) + "M", "-smp", "1",
                "-kernel", tiny.kernel().toString(), "-initrd", tiny.initrd().toString(), "-append", tiny.cmdline()));
        arguments.addAll(List.of(more));
        return arguments;
    }

    /** Boots to the shell, fills 64 MiB, returns what the guest uses then, in KiB. */
    private static long fill(GuestConsole c) throws Exception {
        c.await(Appliance.READY_MARKER, BOOT);
        c.await("# ", BOOT);
        c.type(FILL);
        return Long.parseLong(c.awaitValue(USED, BOOT));
    }

    /**
     * Types a command, again every 200 ms until the guest answers it (a line typed while QEMU still loads
     * its state loses characters), and returns the milliseconds from {@code start} to the first answer.
     * The answer is split in the typed line so that its echo never matches.
     */
    private static double answered(GuestConsole c, long start) throws Exception {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (true) {
            c.type("echo pon\"\"g");
            try {
                c.await("pong", Duration.ofMillis(200));
                return millisSince(start);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
        }
    }

    /** Waits until the QEMU behind {@code qmp} runs the guest it is loading. */
    private static void awaitRunning(Qmp qmp) throws IOException {
        while (!qmp.execute("{\"execute\":\"query-status\"}").contains("\"running\"")) {
            Thread.onSpinWait();
        }
    }

    private static long apparent(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path p : files.toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    /** Bytes the files take on disk (a sparse file's holes take none), as du counts them. */
    private static long allocated(Path path) throws IOException, InterruptedException {
        Process du = new ProcessBuilder("du", "-s", "-B1", path.toString()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes()).trim();
        if (du.waitFor() != 0) {
            throw new IOException("du " + path + ": " + out);
        }
        return Long.parseLong(out.split("\\s+")[0]);
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
