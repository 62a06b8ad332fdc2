package io.vireo.engine.sched;

import io.vireo.engine.cpu.GuestClock;
import io.vireo.engine.cpu.Hart;
import io.vireo.engine.mmu.Bus;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.mmu.Mmu;
import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * VMs sharing a pool's host threads get CPU time by their shares, no more than their cap, nothing while
 * idle, and every vCPU of a VM with more vCPUs than threads makes progress. Shares are judged on the CPU
 * time the pool accounts, so a busy host does not skew them; the cap is a rate, so it is judged over a
 * window of wall time.
 */
class CpuPoolTest {
    private static final long RAM = 0x8000_0000L;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /** A machine of {@code harts} harts all running {@code program}, on {@code pool}. */
    private static final class Guest implements AutoCloseable {
        final GuestMemory memory = new GuestMemory(RAM, 1 << 20);
        final List<Hart> harts = new ArrayList<>();
        final HartScheduler scheduler;

        Guest(CpuPool pool, CpuAllocation allocation, int count, Asm program) {
            byte[] code = program.bytes();
            memory.write(RAM, code, 0, code.length);
            CodeCache cache = new CodeCache(memory.size());
            GuestClock clock = new GuestClock();
            for (int i = 0; i < count; i++) {
                Hart hart = new Hart(i, new Mmu(new Bus(memory), cache), clock, h -> { });
                hart.reset(RAM, i, 0);
                harts.add(hart);
            }
            scheduler = new HartScheduler(harts, (hart, failure) -> { }, pool, allocation);
            scheduler.start();
            for (int i = 1; i < count; i++) {
                scheduler.startHart(i, RAM, 0);
            }
        }

        long cpuNanos() {
            return scheduler.usage().cpuNanos();
        }

        @Override
        public void close() {
            scheduler.shutdown();
            memory.close();
        }
    }

    private static Asm busy() {
        return new Asm().addi(5, 5, 1).jal(0, -4);
    }

    private static Asm idle() {
        return new Asm().wfi().jal(0, -4);
    }

    @Test
    void twoBusyVmsWithSharesTwoToOneGetCpuTimeTwoToOne() throws Exception {
        try (CpuPool pool = new CpuPool(1);
             Guest heavy = new Guest(pool, new CpuAllocation(2000, 0), 1, busy());
             Guest light = new Guest(pool, new CpuAllocation(1000, 0), 1, busy())) {
            long heavyStart = heavy.cpuNanos(), lightStart = light.cpuNanos();
            Await.until(() -> heavy.cpuNanos() - heavyStart + light.cpuNanos() - lightStart > TimeUnit.SECONDS.toNanos(3),
                    PATIENCE, () -> "the pool ran only " + (heavy.cpuNanos() + light.cpuNanos()) + " ns");
            double ratio = (double) (heavy.cpuNanos() - heavyStart) / (light.cpuNanos() - lightStart);
            System.out.printf("fairness: shares 2000:1000 on one thread got CPU time %.3f:1%n", ratio);
            assertThat(ratio).isBetween(1.8, 2.2);
            assertThat(heavy.scheduler.usage().stealNanos()).as("the heavy VM waited while the light one ran").isPositive();
        }
    }

    /**
     * The capped VM shares its thread with an uncapped one of equal shares, which takes whatever the cap leaves:
     * so the window also measures how much CPU the host gave the pool thread, and on a host too busy to give it
     * half a core the capped VM is judged against its fair half of what there was.
     */
    @Test
    void aCapOfAQuarterCoreHoldsAndTheRestGoesToOthers() throws Exception {
        try (CpuPool pool = new CpuPool(1);
             Guest capped = new Guest(pool, new CpuAllocation(1000, 25), 1, busy());
             Guest other = new Guest(pool, CpuAllocation.DEFAULT, 1, busy())) {
            Await.until(() -> capped.cpuNanos() > 0 && other.cpuNanos() > 0, PATIENCE, () -> "a VM never ran");
            long cappedStart = capped.cpuNanos(), otherStart = other.cpuNanos(), wallStart = System.nanoTime();
            Await.until(() -> System.nanoTime() - wallStart > TimeUnit.SECONDS.toNanos(4), PATIENCE, () -> "");
            double wall = System.nanoTime() - wallStart;
            double share = (capped.cpuNanos() - cappedStart) / wall;
            double rest = (other.cpuNanos() - otherStart) / wall;
            System.out.printf("cap: a VM capped at 25 %% of a core used %.1f %% of one; its uncapped neighbour %.1f %%%n",
                    share * 100, rest * 100);
            // Equal shares: where the thread got less than half a core, the capped VM's fair half is below its cap.
            assertThat(share).isBetween(Math.min(0.25, (share + rest) / 2) - 0.05, 0.30);
            assertThat(rest).as("the uncapped VM takes what the cap leaves").isPositive();
        }
    }

    @Test
    void anIdleVmCostsNothingNextToABusyOne() throws Exception {
        try (CpuPool pool = new CpuPool(1);
             Guest sleeper = new Guest(pool, CpuAllocation.DEFAULT, 2, idle());
             Guest worker = new Guest(pool, CpuAllocation.DEFAULT, 1, busy())) {
            Await.until(() -> worker.cpuNanos() > TimeUnit.SECONDS.toNanos(1), PATIENCE,
                    () -> "the busy VM ran only " + worker.cpuNanos() + " ns");
            System.out.printf("idle: a VM in WFI used %d µs while its neighbour used %d ms%n",
                    sleeper.cpuNanos() / 1000, worker.cpuNanos() / 1_000_000);
            assertThat(sleeper.cpuNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(20));
            assertThat(sleeper.scheduler.usage().vcpus()).allMatch(v -> v.activity() == VcpuSample.Activity.IDLE);
        }
    }

    @Test
    void fourVcpusOnTwoThreadsAllMakeProgress() throws Exception {
        try (CpuPool pool = new CpuPool(2); Guest guest = new Guest(pool, CpuAllocation.DEFAULT, 4, busy())) {
            long slice = TimeUnit.MILLISECONDS.toNanos(300);
            Await.until(() -> guest.scheduler.usage().vcpus().stream().allMatch(v -> v.cpuNanos() > slice), PATIENCE,
                    () -> "not every vCPU ran " + slice + " ns: " + guest.scheduler.usage().vcpus());
            assertThat(guest.harts).allMatch(h -> h.instructionsRetired() > 0);
            assertThat(guest.scheduler.usage().vcpus()).allMatch(v -> v.hostCore() >= 0);
        }
    }

    @Test
    void aPausedVmLeavesTheThreadsAndResumesWhereItWas() throws Exception {
        try (CpuPool pool = new CpuPool(1); Guest guest = new Guest(pool, CpuAllocation.DEFAULT, 1, busy())) {
            Await.until(() -> guest.cpuNanos() > 0, PATIENCE, () -> "the VM never ran");
            guest.scheduler.pause();
            Await.until(() -> guest.scheduler.usage().vcpus().getFirst().activity() == VcpuSample.Activity.IDLE,
                    PATIENCE, () -> "the paused vCPU still runs");
            long paused = guest.cpuNanos();
            guest.scheduler.resume();
            Await.until(() -> guest.cpuNanos() > paused, PATIENCE, () -> "the resumed VM did not run again");
        }
    }
}
