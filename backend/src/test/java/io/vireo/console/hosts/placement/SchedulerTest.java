package io.vireo.console.hosts.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vireo.console.hosts.HostState;

/**
 * The scheduler alone, on figures: which host a new VM goes to, and why each other host was passed over, the way a
 * user reads it in the 400 when none can take the VM.
 */
class SchedulerTest {
    private static final List<String> X86_AND_RISCV = List.of("riscv64", "x86_64");

    private static Candidate local(long freeMib, int vmVcpus) {
        return new Candidate(null, "local", HostState.CONNECTED, null, List.of("riscv64"), 4, freeMib, vmVcpus, 10.0);
    }

    private static Candidate host(long id, String name, int cpus, long freeMib, int vmVcpus, Double cpuPercent) {
        return new Candidate(id, name, HostState.CONNECTED, null, X86_AND_RISCV, cpus, freeMib, vmVcpus, cpuPercent);
    }

    @Test
    void theHostLeftWithTheMostFreeMemoryWinsAndTheOthersSayWhyTheyLost() {
        Decision decision = Scheduler.place(new Demand("riscv64", 1, 512),
                List.of(local(1024, 0), host(1, "big", 4, 8192, 0, 50.0), host(2, "small", 4, 2048, 0, 0.0)));

        assertThat(decision.chosen()).map(Candidate::name).contains("big");
        assertThat(decision.passedOver()).containsEntry("local", "less free memory than big (8192 MiB)")
                .containsEntry("small", "less free memory than big (8192 MiB)");
    }

    @Test
    void aHostTheVmWouldOvercommitComesAfterOneItWouldNotWhateverItsMemory() {
        Decision decision = Scheduler.place(new Demand("x86_64", 2, 512),
                List.of(host(1, "busy", 2, 16384, 1, 0.0), host(2, "idle", 2, 1024, 0, 0.0)));

        assertThat(decision.chosen()).map(Candidate::name).contains("idle");
        assertThat(decision.passedOver().get("busy")).isEqualTo("the VM would overcommit its CPUs, not those of idle");
    }

    @Test
    void equalMemoryGoesToFreeCoresThenTheLeastBusyThenTheName() {
        assertThat(Scheduler.place(new Demand("x86_64", 1, 256),
                List.of(host(1, "a", 4, 4096, 3, 0.0), host(2, "b", 4, 4096, 1, 90.0))).chosen())
                .map(Candidate::name).contains("b");
        Decision byLoad = Scheduler.place(new Demand("x86_64", 1, 256),
                List.of(host(1, "a", 4, 4096, 1, 70.0), host(2, "b", 4, 4096, 1, 20.0)));
        assertThat(byLoad.chosen()).map(Candidate::name).contains("b");
        assertThat(byLoad.passedOver()).containsEntry("a", "busier CPUs than b");
        Decision byName = Scheduler.place(new Demand("x86_64", 1, 256),
                List.of(host(2, "b", 4, 4096, 1, null), host(1, "a", 4, 4096, 1, null)));
        assertThat(byName.chosen()).map(Candidate::hostId).contains(1L);
        assertThat(byName.passedOver()).containsEntry("b", "as much room as a, which comes first by name");
    }

    @Test
    void anX86VmNeverGoesToTheEmbeddedEngine() {
        Decision decision = Scheduler.place(new Demand("x86_64", 1, 256),
                List.of(local(65536, 0), host(1, "qemu", 2, 1024, 0, 0.0)));

        assertThat(decision.chosen()).map(Candidate::name).contains("qemu");
        assertThat(decision.passedOver()).containsEntry("local", "runs no x86_64 guests (only riscv64)");
    }

    @Test
    void whenNoHostCanTakeTheVmEachOneSaysWhy() {
        Decision decision = Scheduler.place(new Demand("riscv64", 8, 4096), List.of(
                local(2048, 0),
                new Candidate(1L, "resting", HostState.MAINTENANCE, null, X86_AND_RISCV, 16, 65536L, 0, 0.0),
                new Candidate(2L, "gone", HostState.UNREACHABLE, "connection refused", X86_AND_RISCV, 16, null, 0,
                        null),
                host(3, "narrow", 4, 65536, 0, 0.0),
                new Candidate(4L, "new", HostState.CONNECTED, null, X86_AND_RISCV, 16, null, 0, null),
                new Candidate(5L, "arm", HostState.CONNECTED, null, List.of("aarch64"), 16, 65536L, 0, 0.0)));

        assertThat(decision.chosen()).isEmpty();
        assertThat(decision.reasons()).isEqualTo("local: has 4 CPUs, fewer than the VM's 8 vCPUs; resting: in"
                + " maintenance; gone: unreachable: connection refused; narrow: has 4 CPUs, fewer than the VM's 8"
                + " vCPUs; new: its free memory is not known yet; arm: runs no riscv64 guests (only aarch64)");
        assertThat(Scheduler.place(new Demand("riscv64", 1, 4096), List.of(local(2048, 0))).reasons())
                .isEqualTo("local: has 2048 MiB free, the VM needs 4096 MiB");
    }
}
