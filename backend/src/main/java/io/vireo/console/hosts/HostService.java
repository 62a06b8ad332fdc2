package io.vireo.console.hosts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.engine.HostLoad;
import io.vireo.console.engine.VmRuntime;
import io.vireo.console.hosts.internal.HostRepository;
import io.vireo.console.hosts.internal.VmPlacementRepository;
import io.vireo.console.hosts.libvirt.LibvirtDriver;
import io.vireo.console.hosts.placement.Candidate;
import io.vireo.console.hosts.placement.Decision;
import io.vireo.console.hosts.placement.Demand;
import io.vireo.console.hosts.placement.Scheduler;
import io.vireo.console.security.AccessPolicy;

/**
 * The hosts inventory: every user may list hosts (to place a VM), administrators add libvirt hosts, put them in
 * maintenance and remove empty ones. The embedded engine is always the first host, {@code local}.
 */
@Service
public class HostService {
    public static final String LOCAL = "local";
    /** What the embedded engine runs. */
    private static final List<String> LOCAL_GUESTS = List.of("riscv64");

    private final HostRepository hosts;
    private final VmPlacementRepository placed;
    private final Placements placements;
    private final HostDrivers drivers;
    private final VmRuntime local;
    private final Inventory inventory;
    private final AccessPolicy access;
    private final Clock clock;
    private final SshIdentity ssh;
    private final HostKeys hostKeys;

    HostService(HostRepository hosts, VmPlacementRepository placed, Placements placements, HostDrivers drivers,
            VmRuntime local, Inventory inventory, AccessPolicy access, Clock clock, SshIdentity ssh,
            HostKeys hostKeys) {
        this.ssh = ssh;
        this.hostKeys = hostKeys;
        this.hosts = hosts;
        this.placed = placed;
        this.placements = placements;
        this.drivers = drivers;
        this.local = local;
        this.inventory = inventory;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<HostView> list() {
        access.caller();
        List<HostView> views = new ArrayList<>();
        HostLoad load = local.hostLoad();
        views.add(new HostView(null, LOCAL, "EMBEDDED", null, HostState.CONNECTED, hostArch(), LOCAL_GUESTS,
                load.cores(), load.memoryMib(), inventory.vmCount() - placed.count(),
                HostUsage.ofEngine(load, MachineCpu.percent()), null, null, null));
        hosts.findAllByOrderByName().forEach(host -> views.add(view(host)));
        return views;
    }

    @Transactional(readOnly = true)
    public HostView get(Long id) {
        access.caller();
        return view(existing(id));
    }

    /**
     * Adds a libvirt host and connects to it at once; a host that cannot be reached now is added all the same
     * (shown unreachable, with why), and the console keeps trying. A {@code qemu+ssh} host's SSH key is fetched and
     * trusted now (trust on first use; its fingerprint is shown to compare): without one, nothing connects to it
     * until an administrator {@linkplain #trustSshHostKey trusts} the key it presents.
     */
    @Audited(action = "host.create", target = "Host")
    @Transactional
    public Host add(HostRequest request) {
        access.requireAdmin();
        HostUri uri = HostUri.parse(request.uri());
        if (request.name().equalsIgnoreCase(LOCAL) || hosts.existsByName(request.name())) {
            throw new InvalidFieldException("name", "A host named " + request.name() + " already exists");
        }
        if (hosts.existsByUri(uri.value())) {
            throw new InvalidFieldException("uri", "Host " + uri + " is already in the inventory");
        }
        Host host = new Host(request.name(), uri, clock.instant());
        uri.sshTarget().ifPresent(target -> {
            try {
                host.trust(hostKeys.fetch(target));
            } catch (ConflictException unanswered) {
                // added all the same: its view says that no key is trusted, and how to trust one
            }
        });
        hosts.save(host);
        drivers.driver(host).connect();
        return host;
    }

    /**
     * Trusts the SSH key a {@code qemu+ssh} host presents now, in place of the one recorded: for a host whose key
     * could not be fetched when it was added, or whose key an administrator knows changed. Reconnects with it.
     */
    @Audited(action = "host.ssh-host-key", target = "Host")
    @Transactional
    public Host trustSshHostKey(Long id) {
        access.requireAdmin();
        Host host = existing(id);
        SshTarget target = host.uri().sshTarget().orElseThrow(() -> new ConflictException("Not an SSH host",
                "Host " + host.getName() + " is not reached over SSH"));
        host.trust(hostKeys.fetch(target));
        drivers.close(id);
        drivers.driver(host).connect();
        return host;
    }

    /** Whether the embedded engine or a connected libvirt host (not in maintenance) runs guests of this architecture. */
    @Transactional(readOnly = true)
    public boolean anyConnectedRuns(String architecture) {
        return LOCAL_GUESTS.contains(architecture) || hosts.findAll().stream().filter(h -> !h.isMaintenance())
                .map(drivers::driver).filter(LibvirtDriver::connected)
                .anyMatch(d -> d.facts().map(f -> f.guestArchitectures().contains(architecture)).orElse(false));
    }

    /** The console's public SSH key, for administrators to authorize on a {@code qemu+ssh} host before adding it. */
    public String sshPublicKey() {
        access.requireAdmin();
        return ssh.publicKey();
    }

    /** In maintenance a host keeps running its VMs, but no new VM is placed on it. */
    @Audited(action = "host.maintenance", target = "Host")
    @Transactional
    public Host setMaintenance(Long id, boolean maintenance) {
        access.requireAdmin();
        Host host = existing(id);
        host.setMaintenance(maintenance);
        return host;
    }

    /** Only an empty host goes: its VMs would be left without one. */
    @Audited(action = "host.delete", target = "Host")
    @Transactional
    public void remove(Long id) {
        access.requireAdmin();
        Host host = existing(id);
        long vms = placed.countByHostId(id);
        if (vms > 0) {
            throw new ConflictException("Host not empty", "Host " + host.getName() + " still holds " + vms
                    + " VM(s); delete them first");
        }
        hosts.delete(host);
        drivers.close(id);
        hostKeys.forget(id);
    }

    /**
     * The host a new VM of {@code architecture} may be placed on, or why not: unknown, in maintenance, unreachable,
     * or not running that architecture. For the VM feature, before it records the VM.
     */
    @Transactional(readOnly = true)
    public Host placeable(Long hostId, String architecture) {
        Host host = hosts.findById(hostId).orElseThrow(() -> new InvalidFieldException("hostId",
                "There is no host " + hostId + "; leave hostId out for the embedded engine"));
        LibvirtDriver driver = drivers.driver(host);
        if (host.isMaintenance()) {
            throw new InvalidFieldException("hostId", "Host " + host.getName() + " is in maintenance: it takes no new VMs");
        }
        if (!driver.connect()) {
            throw new InvalidFieldException("hostId", "Host " + host.getName() + " cannot be reached: "
                    + driver.error().orElse(""));
        }
        if (driver.facts().map(f -> !f.guestArchitectures().contains(architecture)).orElse(true)) {
            throw new InvalidFieldException("hostId", "Host " + host.getName() + " does not run " + architecture
                    + " guests");
        }
        return host;
    }

    /**
     * The host the scheduler chooses for a new VM (empty: the embedded engine), from every host as listed now; when
     * none can take it, an error on field {@code placement} that says why of each.
     */
    @Transactional(readOnly = true)
    public Optional<Host> pick(String architecture, int vcpus, long memoryMib) {
        Decision decision = Scheduler.place(new Demand(architecture, vcpus, memoryMib),
                list().stream().map(HostService::candidate).toList());
        Candidate chosen = decision.chosen().orElseThrow(() -> new InvalidFieldException("placement",
                "No host can take a VM of " + vcpus + " vCPUs and " + memoryMib + " MiB (" + architecture + "): "
                        + decision.reasons()));
        return Optional.ofNullable(chosen.hostId()).map(this::existing);
    }

    private static Candidate candidate(HostView host) {
        HostUsage usage = host.usage();
        return new Candidate(host.id(), host.name(), host.state(), host.error(), host.guestArchitectures(),
                host.cpus() == null ? 0 : host.cpus(), usage == null ? null : usage.freeMemoryMib(),
                usage == null ? 0 : usage.vmVcpus(), usage == null ? null : usage.cpuPercent());
    }

    /** Records that the VM runs on the host (checked by {@link #placeable}). */
    @Transactional
    public void place(Long vmId, Host host) {
        placements.place(vmId, host.getId());
    }

    /**
     * Places a stopped VM of {@code architecture} on another host ({@code null}: the embedded engine), as
     * {@link #placeable} allows, and answers the new host's name. Every host this console drives sees the VMs' files
     * under the console's own paths (the same machine, or a datastore shared at the same path), so nothing is copied
     * here (a migration into another datastore has the VM feature copy the folder first), and the source keeps nothing
     * of the VM: a domain is defined only while its VM runs.
     */
    @Transactional
    public String migrate(Long vmId, Long targetHostId, String architecture) {
        String name = migrationTarget(vmId, targetHostId, architecture);
        if (targetHostId == null) {
            placements.unplace(vmId);
        } else {
            placements.place(vmId, targetHostId);
        }
        return name;
    }

    /** The name of the host the VM may {@link #migrate} to, checked without moving it (before its files are copied). */
    @Transactional(readOnly = true)
    public String migrationTarget(Long vmId, Long targetHostId, String architecture) {
        Optional<Long> source = placements.hostOf(vmId);
        if (Objects.equals(source.orElse(null), targetHostId)) {
            throw new InvalidFieldException("hostId", "The VM is already on host "
                    + source.flatMap(hosts::findById).map(Host::getName).orElse(LOCAL));
        }
        if (targetHostId == null) {
            if (!LOCAL_GUESTS.contains(architecture)) {
                throw new InvalidFieldException("hostId", "It is an " + architecture + " guest: the embedded engine"
                        + " runs " + String.join(", ", LOCAL_GUESTS) + " guests only");
            }
            return LOCAL;
        }
        return placeable(targetHostId, architecture).getName();
    }

    /**
     * The libvirt host the VM runs on, checked as {@link #placeable} for another VM of its {@code architecture} (a
     * clone, whose disks may stand on the VM's files, goes beside it); empty for the embedded engine.
     */
    @Transactional(readOnly = true)
    public Optional<Host> hostBeside(Long vmId, String architecture) {
        return placements.hostOf(vmId).map(hostId -> placeable(hostId, architecture));
    }

    /** The name of the libvirt host the VM runs on; empty for the embedded engine. */
    @Transactional(readOnly = true)
    public Optional<String> libvirtHostOf(Long vmId) {
        return placements.hostOf(vmId).flatMap(hosts::findById).map(Host::getName);
    }

    private HostView view(Host host) {
        LibvirtDriver driver = drivers.driver(host);
        HostState state = host.isMaintenance() ? HostState.MAINTENANCE
                : driver.connected() ? HostState.CONNECTED : HostState.UNREACHABLE;
        var facts = driver.facts();
        return new HostView(host.getId(), host.getName(), "LIBVIRT", host.uri().value(), state,
                facts.map(HostFacts::arch).orElse(null), facts.map(HostFacts::guestArchitectures).orElse(List.of()),
                facts.map(HostFacts::cpus).orElse(null), facts.map(HostFacts::memoryMib).orElse(null),
                placed.countByHostId(host.getId()), driver.nodeStats().map(HostUsage::of).orElse(null),
                error(host, driver),
                host.uri().isSsh() ? ssh.publicKey() : null,
                host.sshHostKey().map(SshHostKey::fingerprint).orElse(null));
    }

    private String error(Host host, LibvirtDriver driver) {
        Optional<SshTarget> ssh = host.uri().sshTarget();
        if (ssh.isPresent() && host.sshHostKey().isEmpty()) {
            return "No SSH host key is trusted for it (it presented none when added): once it answers, trust the key"
                    + " it presents (PUT /api/v1/hosts/" + host.getId() + "/ssh-host-key)";
        }
        if (ssh.isPresent() && !driver.connected()) {
            SshHostKey trusted = host.sshHostKey().get();
            Optional<SshHostKey> other = hostKeys.otherThan(host.getId(), ssh.get(), trusted);
            if (other.isPresent()) {
                return "SSH host key changed: the host presents " + other.get().fingerprint() + ", not the trusted "
                        + trusted.fingerprint() + ", so the console refuses it (a replaced host, or someone in"
                        + " between). If the change is expected, trust its new key (PUT /api/v1/hosts/"
                        + host.getId() + "/ssh-host-key)";
            }
        }
        return driver.error().orElse(null);
    }

    private Host existing(Long id) {
        return hosts.findById(id).orElseThrow(() -> new NotFoundException("Host", id));
    }

    /** The console machine's architecture as Linux names it. */
    private static String hostArch() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> arch;
        };
    }
}
