package io.vireo.bench;

import io.vireo.engine.sched.CpuAllocation;
import io.vireo.engine.sched.CpuPool;
import io.vireo.engine.vm.VirtualMachine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The hart scheduler on VMs that share one host thread, each figure over the same window of wall time, beside
 * the goals it is held to: two busy VMs with shares 2:1 get CPU time 2:1 (within 10 %); a VM capped at 25 % of
 * a core gets 25 % (within 5 points) while an uncapped neighbour takes the rest; a VM idle in WFI next to a busy
 * one costs next to nothing. The guests are bare-metal loops, so the figures are the scheduler's alone.
 *
 * <p>Usage: {@code SchedulerBenchmark [seconds per figure]} (20 by default).
 */
public final class SchedulerBenchmark {
    private SchedulerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration window = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 20);
        Path busy = BareMetal.kernel(BareMetal.ADDI_T0_1, BareMetal.JAL_BACK_4);
        Path idle = BareMetal.kernel(BareMetal.WFI, BareMetal.JAL_BACK_4);
        try (CpuPool pool = new CpuPool(1)) {
            System.out.printf("scheduler: VMs on one host thread, %d s a figure%n", window.toSeconds());
            double[] shares = cpuSeconds(pool, window, busy, new CpuAllocation(2000, 0), busy, CpuAllocation.DEFAULT);
            System.out.printf("fairness: shares 2000:1000 got CPU time %.2f:1 (%.2f s and %.2f s; goal 2:1 within 10 %%)%n",
                    shares[0] / shares[1], shares[0], shares[1]);
            double[] cap = cpuSeconds(pool, window, busy, new CpuAllocation(1000, 25), busy, CpuAllocation.DEFAULT);
            System.out.printf("cap: capped at 25 %% of a core used %.1f %%, its uncapped neighbour %.1f %% (goal 25 within 5)%n",
                    100 * cap[0] / window.toSeconds(), 100 * cap[1] / window.toSeconds());
            double[] sleeping = cpuSeconds(pool, window, idle, CpuAllocation.DEFAULT, busy, CpuAllocation.DEFAULT);
            System.out.printf("idle: a VM in WFI used %.3f s of CPU while its busy neighbour used %.2f s%n",
                    sleeping[0], sleeping[1]);
        } finally {
            Files.deleteIfExists(busy);
            Files.deleteIfExists(idle);
        }
    }

    /**
     * Runs two VMs on {@code pool} and returns the CPU seconds each got over {@code window} of wall time, counted
     * from once both have run.
     */
    private static double[] cpuSeconds(CpuPool pool, Duration window, Path first, CpuAllocation firstAllocation,
                                       Path second, CpuAllocation secondAllocation) throws Exception {
        try (VirtualMachine a = new VirtualMachine(BareMetal.spec("a", first), pool);
             VirtualMachine b = new VirtualMachine(BareMetal.spec("b", second), pool)) {
            a.setCpuAllocation(firstAllocation);
            b.setCpuAllocation(secondAllocation);
            a.start();
            b.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (a.cpuUsage().cpuNanos() == 0 || b.cpuUsage().cpuNanos() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a VM did not run within 30 s");
                }
                Thread.sleep(50);
            }
            long a0 = a.cpuUsage().cpuNanos(), b0 = b.cpuUsage().cpuNanos();
            Thread.sleep(window.toMillis());
            return new double[] {(a.cpuUsage().cpuNanos() - a0) / 1e9, (b.cpuUsage().cpuNanos() - b0) / 1e9};
        }
    }
}
