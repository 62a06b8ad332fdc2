package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.RuntimeStateChanged;

class DomainStatesTest {
    private static final long SAVING = 1, GONE = 2, FOUND = 3;

    @Test
    void reconcilingTellsWhatChangedButLeavesAVmWhoseDomainASnapshotWithMemoryHasSavedForAMoment() {
        List<RuntimeStateChanged> told = new CopyOnWriteArrayList<>();
        DomainStates states = new DomainStates("here", new DomainNames("0a0b0c0d"),
                () -> Set.of(SAVING, GONE, FOUND), told::add);
        states.assumeRunning(Set.of(SAVING, GONE));

        states.compare(Map.of(FOUND, RuntimeState.RUNNING), vmId -> vmId == SAVING);

        assertThat(told).containsExactlyInAnyOrder(
                new RuntimeStateChanged(GONE, RuntimeState.OFF, "its domain is gone from host here"),
                new RuntimeStateChanged(FOUND, RuntimeState.RUNNING, "found running on host here"));
        assertThat(states.lastTold(SAVING)).as("still running: its domain comes back restored")
                .isEqualTo(RuntimeState.RUNNING);
    }
}
