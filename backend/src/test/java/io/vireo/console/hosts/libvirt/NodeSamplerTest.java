package io.vireo.console.hosts.libvirt;

import static io.vireo.console.hosts.libvirt.LibvirtDriverTest.firmwareOnlyDomain;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.vireo.console.engine.HostLoad;
import io.vireo.console.hosts.LibvirtDaemon;
import io.vireo.console.hosts.MachineHost;

/**
 * A libvirt host's use read from the machine's own daemon: its CPUs, memory and CPU use from the node's counters (the
 * JNA addition), and what the console's own running domains take there, not other domains.
 */
@ExtendWith(LibvirtDaemon.class)
class NodeSamplerTest {
    /** The names of a console installation of these tests' own. */
    static final DomainNames NAMES = new DomainNames("7e575e57");
    /** Far above the ids the console's tests use, and apart from LibvirtDriverTest's. */
    private static final long VM = 900_000_101L;

    @Test
    void theHostsUseCountsTheConsolesRunningDomainsOnly(@TempDir Path dir) throws Exception {
        try (LibvirtDriver driver = new LibvirtDriver(new LibvirtHost("here", LibvirtDaemon.uri(), Optional.empty(), Optional.empty(), NAMES),
                change -> { }, () -> Set.of(VM), vmId -> Optional.empty(), Optional.empty())) {
            assertThat(driver.connect()).isTrue();
            NodeStats idle = driver.nodeStats().orElseThrow();
            assertThat(idle.cpus()).isPositive();
            assertThat(idle.availableMemoryMib()).isPositive().isLessThanOrEqualTo(idle.memoryMib());

            MachineHost.virsh("create", firmwareOnlyDomain(dir, NAMES.of(VM)).toString());
            MachineHost.virsh("create", firmwareOnlyDomain(dir, NAMES.of(VM + 1)).toString());
            try {
                driver.reconcile();
                NodeStats busy = driver.nodeStats().orElseThrow();
                assertThat(busy.runningVms()).as("the domain of a VM placed elsewhere is not counted").isEqualTo(
                        idle.runningVms() + 1);
                assertThat(busy.vmVcpus()).isEqualTo(idle.vmVcpus() + 1);
                assertThat(busy.vmMemoryMib()).isEqualTo(idle.vmMemoryMib() + 64);
                HostLoad load = driver.hostLoad();
                assertThat(load.cores()).isEqualTo(busy.cpus());
                assertThat(load.memoryPromisedMib()).isEqualTo(busy.vmMemoryMib());
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    driver.reconcile();
                    return driver.nodeStats().orElseThrow().cpuPercent() != null;
                });
                assertThat(driver.nodeStats().orElseThrow().cpuPercent()).isBetween(0.0, 100.0);
            } finally {
                MachineHost.virsh("destroy", NAMES.of(VM));
                MachineHost.virsh("destroy", NAMES.of(VM + 1));
            }
        }
    }
}
