package io.vireo.console.hosts.libvirt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.MemoryStatistic;

import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.RuntimeStats;
import io.vireo.console.engine.VmRuntime;

/**
 * The figures of a libvirt host's running VMs, from what libvirt tells of a domain: QEMU's CPU time (sampled when
 * asked, at most once a {@link VmRuntime#SAMPLE_PERIOD}, so the charts fill while the VM page is watched), its
 * resident memory, and its disks' read and written bytes. QEMU under TCG counts no guest instructions or traps, so
 * those stay empty. Uptime counts from the console's power on, or for a domain it found running, from when it
 * first looked.
 */
final class DomainStats {
    private static final int SAMPLES = 90;
    /** libvirt's VIR_DOMAIN_MEMORY_STAT_RSS: QEMU's resident set, in KiB. */
    private static final int RSS = 7;
    private static final int ALL_MEMORY_STATS = 13;

    private final Clock clock;
    private final Map<Long, Instant> poweredOn = new ConcurrentHashMap<>();
    private final Map<Long, Run> runs = new ConcurrentHashMap<>();

    private final DomainNames names;

    DomainStats(Clock clock, DomainNames names) {
        this.clock = clock;
        this.names = names;
    }

    /** The console powered the VM on now. */
    void poweredOn(Long vmId) {
        poweredOn.put(vmId, clock.instant());
    }

    /** Empty when the VM's domain is not running or paused, or the host does not answer. */
    Optional<RuntimeStats> of(Long vmId, Connect connection) {
        try {
            Domain domain = connection.domainLookupByName(names.of(vmId));
            try {
                return of(vmId, domain);
            } finally {
                domain.free();
            }
        } catch (LibvirtException e) {
            return Optional.empty();
        }
    }

    private Optional<RuntimeStats> of(Long vmId, Domain domain) throws LibvirtException {
        DomainInfo info = domain.getInfo();
        if (DomainEvents.of(info.state) == RuntimeState.OFF) {
            return Optional.empty();
        }
        int domainId = domain.getID();
        Instant now = clock.instant();
        Run run = runs.compute(vmId, (id, known) -> known != null && known.domainId == domainId ? known
                : new Run(domainId, poweredOn.getOrDefault(id, now)));
        List<RuntimeStats.Sample> samples = run.sample(now, info.cpuTime);
        long read = 0;
        long written = 0;
        for (String target : DomainDevices.of(domain.getXMLDesc(0)).diskTargets()) {
            var block = domain.blockStats(target);
            read += Math.max(0, block.rd_bytes);
            written += Math.max(0, block.wr_bytes);
        }
        return Optional.of(new RuntimeStats(Duration.between(run.since, now), OptionalLong.empty(), samples,
                Map.of(), residentBytes(domain, info), Optional.of(new RuntimeStats.DiskTraffic(read, written))));
    }

    /** QEMU's resident memory when libvirt reads it, else what the domain was given. */
    private static long residentBytes(Domain domain, DomainInfo info) throws LibvirtException {
        for (MemoryStatistic stat : domain.memoryStats(ALL_MEMORY_STATS)) {
            if (stat.getTag() == RSS) {
                return stat.getValue() << 10;
            }
        }
        return info.memory << 10;
    }

    /** One run of a domain (libvirt gives each start a new id) and its CPU samples. */
    private static final class Run {
        private final int domainId;
        private final Instant since;
        private final Deque<RuntimeStats.Sample> samples = new ArrayDeque<>();
        private Instant lastAt;
        private long lastCpuNanos = -1;

        Run(int domainId, Instant since) {
            this.domainId = domainId;
            this.since = since;
        }

        synchronized List<RuntimeStats.Sample> sample(Instant now, long cpuNanos) {
            if (lastCpuNanos < 0) {
                lastAt = now;
                lastCpuNanos = cpuNanos;
            } else if (Duration.between(lastAt, now).compareTo(VmRuntime.SAMPLE_PERIOD) >= 0) {
                double wallNanos = Duration.between(lastAt, now).toNanos();
                double percent = 100.0 * Math.max(0, cpuNanos - lastCpuNanos) / wallNanos;
                samples.addLast(new RuntimeStats.Sample(now.toEpochMilli(), 0, Math.round(percent * 10) / 10.0));
                while (samples.size() > SAMPLES) {
                    samples.removeFirst();
                }
                lastAt = now;
                lastCpuNanos = cpuNanos;
            }
            return List.copyOf(samples);
        }
    }
}
