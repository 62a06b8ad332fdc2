package io.vireo.bench;

import io.vireo.engine.sched.CpuPool;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmCounters;
import io.vireo.engine.vm.VmSpec;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Boots a VM until a marker line appears on its serial console and reports how long it took, the VM's
 * counters then, and how long HotSpot spent compiling meanwhile (milliseconds, the whole JVM's).
 */
public final class BootToMarker {
    public record Result(Duration elapsed, VmCounters counters, long jitMillis) {
        public long instructions() {
            return counters.instructionsRetired();
        }

        public double mips() {
            return instructions() / (elapsed.toNanos() / 1000.0);
        }
    }

    private BootToMarker() {
    }

    public static Result run(VmSpec spec, String marker, Duration timeout) throws IOException, InterruptedException {
        return run(spec, marker, timeout, CpuPool.shared());
    }

    /** As {@link #run(VmSpec, String, Duration)}, with the VM's vCPUs on {@code pool}'s host threads. */
    public static Result run(VmSpec spec, String marker, Duration timeout, CpuPool pool)
            throws IOException, InterruptedException {
        byte[] want = marker.getBytes(StandardCharsets.US_ASCII);
        CountDownLatch seen = new CountDownLatch(1);
        int[] matched = {0};
        try (VirtualMachine vm = new VirtualMachine(spec, pool)) {
            vm.addSerialListener(b -> {
                matched[0] = b == want[matched[0]] ? matched[0] + 1 : (b == want[0] ? 1 : 0);
                if (matched[0] == want.length) {
                    seen.countDown();
                    matched[0] = 0;
                }
            });
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            long jitBefore = jit.getTotalCompilationTime();
            long start = System.nanoTime();
            vm.start();
            if (!seen.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("no '" + marker + "' within " + timeout + " (VM " + vm.state() + ")");
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Result(elapsed, vm.counters(), jit.getTotalCompilationTime() - jitBefore);
        }
    }
}
