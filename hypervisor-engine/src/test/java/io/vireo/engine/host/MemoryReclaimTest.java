package io.vireo.engine.host;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Under host pressure the balloons take memory from the idle VMs first, never below a VM's floor. */
class MemoryReclaimTest {
    private static final long MIB = 1 << 20;

    @Test
    void theIdleVmGivesFirstAndABusyOneOnlyWhatIsStillShort() {
        List<MemoryReclaim.Candidate<String>> vms = List.of(
                new MemoryReclaim.Candidate<>("busy", 95.0, 512 * MIB, 128 * MIB),
                new MemoryReclaim.Candidate<>("idle", 0.4, 512 * MIB, 128 * MIB));
        assertThat(MemoryReclaim.plan(300 * MIB, vms))
                .containsExactly(new MemoryReclaim.Step<>("idle", 212 * MIB));
        assertThat(MemoryReclaim.plan(500 * MIB, vms)).containsExactly(
                new MemoryReclaim.Step<>("idle", 128 * MIB), new MemoryReclaim.Step<>("busy", 396 * MIB));
    }

    @Test
    void whatIsTakenIsWholeMibAndLeavesTheFloor() {
        List<MemoryReclaim.Candidate<String>> vms = List.of(
                new MemoryReclaim.Candidate<>("odd", 0, 129 * MIB, 129 * MIB / 4));
        assertThat(MemoryReclaim.plan(1L << 30, vms)).containsExactly(new MemoryReclaim.Step<>("odd", 33 * MIB));
    }

    @Test
    void nothingIsTakenBelowTheFloorsOrWhenNothingIsShort() {
        List<MemoryReclaim.Candidate<String>> vms = List.of(new MemoryReclaim.Candidate<>("small", 0, 128 * MIB, 128 * MIB));
        assertThat(MemoryReclaim.plan(64 * MIB, vms)).isEmpty();
        assertThat(MemoryReclaim.plan(0, List.of(new MemoryReclaim.Candidate<>("big", 0, 512 * MIB, 64 * MIB)))).isEmpty();
    }
}
