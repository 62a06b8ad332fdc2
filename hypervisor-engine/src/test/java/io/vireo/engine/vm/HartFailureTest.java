package io.vireo.engine.vm;

import io.vireo.engine.cpu.GuestClock;
import io.vireo.engine.cpu.Hart;
import io.vireo.engine.mmu.Bus;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.mmu.Mmu;
import io.vireo.engine.sched.HartScheduler;
import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An engine failure on one machine's hart is reported, and another machine's harts keep running. */
class HartFailureTest {
    @Test
    void aFailingHartIsReportedWithoutStoppingOtherMachines() throws Exception {
        try (GuestMemory broken = new GuestMemory(0x8000_0000L, 1 << 20); GuestMemory healthy = new GuestMemory(0x8000_0000L, 1 << 20)) {
            byte[] ecallLoop = new Asm().ecall().jal(0, -4).bytes();
            broken.write(0x8000_0000L, ecallLoop, 0, ecallLoop.length);
            healthy.write(0x8000_0000L, ecallLoop, 0, ecallLoop.length);
            Hart failing = new Hart(0, new Mmu(new Bus(broken), new CodeCache(broken.size())), new GuestClock(),
                    h -> { throw new IllegalStateException("device model bug"); });
            Hart working = new Hart(0, new Mmu(new Bus(healthy), new CodeCache(healthy.size())), new GuestClock(), h -> { });
            failing.reset(0x8000_0000L, 0, 0);
            working.reset(0x8000_0000L, 0, 0);
            CompletableFuture<Throwable> reported = new CompletableFuture<>();
            HartScheduler a = new HartScheduler(List.of(failing), (hart, failure) -> reported.complete(failure));
            HartScheduler b = new HartScheduler(List.of(working), (hart, failure) -> { });
            b.start();
            a.start();
            assertThat(reported.get(10, TimeUnit.SECONDS)).hasMessage("device model bug");
            long before = working.instructionsRetired();
            Await.until(() -> working.instructionsRetired() > before, Duration.ofSeconds(10),
                    () -> "the healthy machine's hart retired nothing more than " + before);
            a.shutdown();
            b.shutdown();
        }
    }
}
