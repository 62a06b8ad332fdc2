package io.vireo.engine.testing;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * Measures what one fuzz input makes this thread allocate, so a target can state a bound and fail when a
 * parser sizes something from a field it has not checked. Counts heap allocation only (off-heap guest RAM
 * is bounded by construction), on the calling thread only. An input during which the JVM loaded a class
 * is not held to the bound: loading, and the fuzzer's instrumentation of the class, allocate on the
 * loading thread too; the next input down the same path is measured.
 */
public final class AllocationBound {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    /** Work that may throw the module's typed error. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private AllocationBound() {
    }

    /** Runs {@code work}, which must neither throw nor allocate more than {@code maxBytes}. */
    public static void check(long maxBytes, Work work) {
        check(maxBytes, NoTypedError.class, work);
    }

    /** What a device throws at its driver: nothing. */
    private static final class NoTypedError extends Exception {
    }

    /**
     * Runs {@code work}, lets {@code typedError} (and its subclasses) end it, and fails if anything else
     * escapes or if the thread allocated more than {@code maxBytes}.
     */
    public static void check(long maxBytes, Class<? extends Exception> typedError, Work work) {
        long classes = CLASSES.getTotalLoadedClassCount();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            work.run();
        } catch (Exception e) {
            if (!typedError.isInstance(e)) {
                throw new AssertionError("escaped as " + e.getClass().getName()
                        + (typedError == NoTypedError.class ? "" : " instead of " + typedError.getSimpleName())
                        + ": " + e.getMessage(), e);
            }
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (allocated > maxBytes && CLASSES.getTotalLoadedClassCount() == classes) {
            throw new AssertionError("one input allocated " + allocated + " bytes; the bound is " + maxBytes);
        }
    }
}
