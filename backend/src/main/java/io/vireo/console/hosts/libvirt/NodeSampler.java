package io.vireo.console.hosts.libvirt;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one libvirt host's {@link NodeStats}: the node's counters and the console's domains on it. A reading younger
 * than {@link #FRESH_NANOS} is answered again, so listing hosts does not ask every daemon each time; the driver's
 * periodic reconciliation reads it too, which gives the CPU use a recent reading to compare with.
 */
final class NodeSampler {
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Logger log = LoggerFactory.getLogger(NodeSampler.class);

    private record Reading(long atNanos, Map<String, Long> cpu, NodeStats stats) {
    }

    private final String hostName;
    private final DomainNames names;
    private Reading last;

    NodeSampler(String hostName, DomainNames names) {
        this.hostName = hostName;
        this.names = names;
    }

    /** The last reading when fresh, else a new one; empty without a connection or before any reading worked. */
    synchronized Optional<NodeStats> latest(Connect connect, Set<Long> placedVms) {
        if (connect == null) {
            return Optional.empty();
        }
        if (last != null && System.nanoTime() - last.atNanos() < FRESH_NANOS) {
            return Optional.of(last.stats());
        }
        return read(connect, placedVms);
    }

    /** A new reading; the last one when the host does not answer. */
    synchronized Optional<NodeStats> read(Connect connect, Set<Long> placedVms) {
        try {
            NodeInfo node = connect.nodeInfo();
            Map<String, Long> cpu = NodeCounters.cpu(connect);
            long available = NodeStats.availableMib(NodeCounters.memory(connect));
            int running = 0;
            int vcpus = 0;
            long memoryKib = 0;
            for (int id : connect.listDomains()) {
                Domain domain = connect.domainLookupByID(id);
                try {
                    if (names.vmId(domain.getName()).filter(placedVms::contains).isPresent()) {
                        DomainInfo info = domain.getInfo();
                        running++;
                        vcpus += info.nrVirtCpu;
                        memoryKib += info.memory;
                    }
                } finally {
                    domain.free();
                }
            }
            Double cpuPercent = last == null ? null : NodeStats.cpuPercent(last.cpu(), cpu);
            NodeStats stats = new NodeStats(node.cpus, node.memory >> 10, cpuPercent, available, running, vcpus,
                    memoryKib >> 10);
            last = new Reading(System.nanoTime(), cpu, stats);
            return Optional.of(stats);
        } catch (LibvirtException | RuntimeException | LinkageError e) {
            log.debug("Could not read the use of host {}: {}", hostName, e.getMessage());
            return Optional.ofNullable(last).map(Reading::stats);
        }
    }
}
