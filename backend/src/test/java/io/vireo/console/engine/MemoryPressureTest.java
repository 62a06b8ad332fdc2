package io.vireo.console.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vireo.console.VireoProperties;
import io.vireo.engine.boot.KernelImage;

/**
 * With memory overcommitted and the host short of its reserve, the balloons take the shortfall from the idlest
 * running VM first, and from no VM below its memory minimum. Two bare guests stand in for real ones: one waits in
 * WFI, one spins; the host's available memory is what the test says, plus what the balloons took back.
 */
class MemoryPressureTest {
    private static final long MIB = 1 << 20;
    private static final long RESERVE_MIB = 1024;
    private static final Long IDLE = 1L, BUSY = 2L;

    @TempDir
    Path folder;

    private Path kernel(String name, int instruction) throws IOException {
        ByteBuffer program = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(instruction)
                .putInt(0xffdff06f); // j -4
        return Files.write(folder.resolve(name + ".Image"), KernelImage.wrapBareMetal(program.array()));
    }

    private LaunchSpec launch(Long id, Path kernel) throws IOException {
        Path own = Files.createDirectories(folder.resolve("vm-" + id));
        return new LaunchSpec(id, "vm-" + id, 1, 256, Optional.of(kernel), Optional.empty(), "", List.of(),
                Optional.empty(), List.of(), own, 1000, 0, 1, 1, 100, "riscv64");
    }

    private static long target(VmRuntime runtime, Long id) {
        return runtime.hostLoad().vms().get(id).memoryTargetMib();
    }

    @Test
    void theIdlestVmGivesFirstAndNoneGoesBelowItsMinimum() throws Exception {
        AtomicLong shortMib = new AtomicLong();
        VmRuntime[] holder = new VmRuntime[1];
        // Memory a balloon takes becomes available to the host again, as it would on a real one.
        VmRuntime runtime = holder[0] = new VmRuntime(event -> { }, new VireoProperties(folder, "Datacenter",
                new VireoProperties.DefaultQuota(16, 32768, 500, 10), new VireoProperties.Snapshots(8),
                new VireoProperties.Host(2.0, RESERVE_MIB)),
                () -> (RESERVE_MIB - shortMib.get() + holder[0].hostLoad().vms().values().stream()
                        .mapToLong(vm -> vm.memoryMib() - vm.memoryTargetMib()).sum()) * MIB, new NetworkRuntime());
        try {
            runtime.powerOn(launch(IDLE, kernel("idle", 0x10500073))); // wfi
            runtime.powerOn(launch(BUSY, kernel("busy", 0x00128293))); // addi t0, t0, 1
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
                HostLoad load = runtime.hostLoad();
                return load.vms().get(BUSY).cpuPercent() > load.vms().get(IDLE).cpuPercent() + 5;
            });

            shortMib.set(64);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> target(runtime, IDLE) == 256 - 64);
            assertThat(target(runtime, BUSY)).as("the busy VM keeps its memory while the idle one has spare")
                    .isEqualTo(256);

            shortMib.set(1000);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> target(runtime, IDLE) == 100 && target(runtime, BUSY) == 100);
            Awaitility.await().during(VmRuntime.SAMPLE_PERIOD.multipliedBy(2)).atMost(Duration.ofSeconds(30))
                    .until(() -> target(runtime, IDLE) == 100 && target(runtime, BUSY) == 100);
        } finally {
            runtime.destroy();
        }
    }
}
