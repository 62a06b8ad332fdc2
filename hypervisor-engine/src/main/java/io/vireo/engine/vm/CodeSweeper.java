package io.vireo.engine.vm;

import io.vireo.engine.host.HeapReturn;
import io.vireo.engine.mmu.CodeCache;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Drops, every {@link #PERIOD}, the decodes and translations of guest code a machine stopped running (see
 * {@link CodeCache#evictIdle}): a booted guest that idles runs a few hundred pages, but its boot left
 * decodes and regions of thousands, which held about 50 MiB of heap per idle tiny VM. One daemon thread
 * sweeps for all machines of the process; a sweep of a 128 MiB machine walks 32768 page entries. What a sweep
 * drops only leaves the process once the heap shrinks, which {@link HeapReturn} sees to.
 */
final class CodeSweeper {
    /** A page is dropped after one to two periods without being entered. */
    static final Duration PERIOD = Duration.ofSeconds(10);
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private CodeSweeper() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("vireo-code-sweeper").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Runs {@code evictIdleCode} every period until the returned future is cancelled. */
    static Future<?> sweep(Runnable evictIdleCode) {
        HeapReturn.install();
        long period = PERIOD.toMillis();
        return TIMER.scheduleWithFixedDelay(evictIdleCode, period, period, TimeUnit.MILLISECONDS);
    }
}
