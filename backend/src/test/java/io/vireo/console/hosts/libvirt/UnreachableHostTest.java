package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.RuntimeStateChanged;

/**
 * A host whose daemon does not answer: its VMs last told running or paused are told unknown once, with why, and its
 * stopped VMs and those placed elsewhere are left as they are. (TwoHostsTest kills a real daemon and brings it back.)
 */
class UnreachableHostTest {
    /** The names of a console installation of these tests' own. */
    static final DomainNames NAMES = new DomainNames("7e575e57");
    private static final long RUNNING = 900_000_101L;
    private static final long ALSO_RUNNING = 900_000_102L;
    private static final long ELSEWHERE = 900_000_103L;
    private static final long STOPPED = 900_000_104L;

    @Test
    void itsRunningVmsAreToldUnknownOnce(@TempDir Path dir) {
        List<RuntimeStateChanged> told = new CopyOnWriteArrayList<>();
        String nowhere = "qemu+unix:///system?socket=" + dir.resolve("no-daemon.sock");
        try (LibvirtDriver driver = new LibvirtDriver(new LibvirtHost("away", nowhere, Optional.empty(), Optional.empty(), NAMES),
                told::add,
                () -> Set.of(RUNNING, ALSO_RUNNING, STOPPED), vmId -> Optional.empty(), Optional.empty())) {
            driver.assumeRunning(Set.of(RUNNING, ALSO_RUNNING, ELSEWHERE));
            driver.reconcile();
            assertThat(told).extracting(RuntimeStateChanged::vmId).containsExactlyInAnyOrder(RUNNING, ALSO_RUNNING);
            assertThat(told).allSatisfy(change -> {
                assertThat(change.state()).isEqualTo(RuntimeState.UNKNOWN);
                assertThat(change.reason()).startsWith("host away cannot be reached (").endsWith("may still run there");
            });
            assertThat(driver.state(RUNNING)).isEqualTo(RuntimeState.UNKNOWN);
            assertThat(driver.state(STOPPED)).isEqualTo(RuntimeState.OFF);

            driver.reconcile();
            assertThat(told).as("told once, not at every reconciliation").hasSize(2);
        }
    }
}
