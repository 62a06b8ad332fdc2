package io.vireo.engine.vm;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.boot.CpuTopology;
import io.vireo.engine.testing.GuestShell;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's kernel on two sockets of two cores each: it reports the sockets as physical packages and numbers the
 * cores within each, counts four CPUs, and a busy loop pinned to each CPU gets time on all four.
 */
class CpuTopologyGuestTest {
    private static final Duration BUSY = Duration.ofMinutes(3);

    @Test
    void aGuestOnTwoSocketsOfTwoCoresSeesThemAndRunsOnAllFour() throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        VmSpec spec = VmSpec.of("topology", new CpuTopology(2, 2, 1), 256L << 20, tiny.kernel(), tiny.initrd(),
                tiny.cmdline());
        try (GuestShell guest = GuestShell.start(spec).awaitPrompt()) {
            assertThat(guest.run("nproc").strip()).isEqualTo("4");
            String ids = guest.run("cd /sys/devices/system/cpu; for c in cpu[0-9]*; do"
                    + " echo $c package=$(cat $c/topology/physical_package_id) core=$(cat $c/topology/core_id); done; cd /");
            assertThat(ids.lines().map(String::strip).filter(l -> l.startsWith("cpu")))
                    .as("without a cpu-map Linux puts every CPU in package 0 with core_id = its number")
                    .containsExactly("cpu0 package=0 core=0", "cpu1 package=0 core=1", "cpu2 package=1 core=0",
                            "cpu3 package=1 core=1");

            Map<String, Long> before = busyTicks(guest.run("grep '^cpu[0-9]' /proc/stat"));
            // Niced, so the shell still gets a turn to read the counters while the loops spin.
            guest.run("p=; for i in 0 1 2 3; do nice -n 19 taskset $((1 << i)) sh -c 'while :; do :; done' & p=\"$p $!\"; done");
            // A starved host delivers few guest ticks, so wait until every CPU has been charged some rather than
            // a fixed time: a CPU whose loop never runs still fails at the deadline.
            long deadline = System.nanoTime() + BUSY.toNanos();
            Map<String, Long> after;
            do {
                after = busyTicks(guest.run("sleep 1; grep '^cpu[0-9]' /proc/stat", BUSY));
            } while (!allAdvanced(before, after) && System.nanoTime() - deadline < 0);
            guest.run("kill $p", BUSY);

            assertThat(after.keySet()).containsExactly("cpu0", "cpu1", "cpu2", "cpu3");
            Map<String, Long> last = after;
            after.forEach((cpu, ticks) -> assertThat(ticks - before.get(cpu))
                    .as("%s ran its loop within %s (before %s, after %s)", cpu, BUSY, before, last).isPositive());
            assertThat(guest.vm().cpuUsage().vcpus()).as("every vCPU had host time")
                    .hasSize(4).allMatch(v -> v.cpuNanos() > 0);
        }
    }

    private static boolean allAdvanced(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream().allMatch(e -> e.getValue() > before.getOrDefault(e.getKey(), Long.MAX_VALUE));
    }

    /** Per CPU line of /proc/stat, the ticks spent busy: user, nice and system. */
    private static Map<String, Long> busyTicks(String stat) {
        Map<String, Long> ticks = new TreeMap<>();
        stat.lines().map(String::strip).filter(l -> l.matches("cpu\\d+ .*")).forEach(l -> {
            long[] f = Arrays.stream(l.split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
            ticks.put(l.substring(0, l.indexOf(' ')), f[0] + f[1] + f[2]);
        });
        return ticks;
    }
}
