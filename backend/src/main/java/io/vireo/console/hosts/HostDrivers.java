package io.vireo.console.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.vireo.console.engine.NetworkRuntime;
import io.vireo.console.hosts.internal.HostRepository;
import io.vireo.console.hosts.libvirt.DomainNames;
import io.vireo.console.hosts.libvirt.LibvirtDriver;
import io.vireo.console.hosts.libvirt.LibvirtHost;
import io.vireo.console.hosts.libvirt.SshTunnel;
import io.vireo.console.hosts.libvirt.VncRoute;

/**
 * The open driver of each libvirt host. At start-up (after the inventory's own reconciliation) it connects to every
 * host, then reconciles them every {@link #RECONCILE_PERIOD}: reconnecting a lost host and telling what changed
 * while no event could come. State changes are published on one thread of their own, in order, so neither
 * libvirt's event thread nor a caller waits on the inventory's transaction.
 */
@Component
@Order(200)
class HostDrivers implements ApplicationRunner, DisposableBean {
    static final Duration RECONCILE_PERIOD = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(HostDrivers.class);

    private final Map<Long, LibvirtDriver> drivers = new ConcurrentHashMap<>();
    private final HostRepository hosts;
    private final Placements placements;
    private final ApplicationEventPublisher events;
    private final Inventory inventory;
    private final SshIdentity ssh;
    private final NetworkRuntime networks;
    private final HostKeys hostKeys;
    private final DomainNames domainNames;
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("host-events").unstarted(r));
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("host-reconciler").unstarted(r));

    HostDrivers(HostRepository hosts, Placements placements, ApplicationEventPublisher events, Inventory inventory,
            SshIdentity ssh, HostKeys hostKeys, NetworkRuntime networks, Installation installation) {
        this.ssh = ssh;
        this.hostKeys = hostKeys;
        this.networks = networks;
        this.domainNames = installation.domainNames();
        this.hosts = hosts;
        this.inventory = inventory;
        this.placements = placements;
        this.events = events;
    }

    /**
     * Opens every host's driver, telling it which of its VMs the inventory has as running: the inventory's own
     * reconciliation leaves those to the host, whose domains outlive the console.
     */
    @Override
    public void run(ApplicationArguments args) {
        Set<Long> recordedOn = inventory.vmsRecordedOn();
        hosts.findAll().forEach(host -> driver(host).assumeRunning(placements.vmsOn(host.getId()).stream()
                .filter(recordedOn::contains).collect(Collectors.toSet())));
        reconciler.scheduleWithFixedDelay(this::reconcileAll, 0, RECONCILE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The host's driver, opened (not yet connected) on first use. */
    LibvirtDriver driver(Host host) {
        return drivers.computeIfAbsent(host.getId(), id -> {
            HostUri uri = host.uri();
            String target = uri.value();
            Optional<VncRoute> display = uri.isLocal() ? Optional.of(VncRoute.loopback()) : Optional.empty();
            if (uri.sshTarget().isPresent()) {
                SshTarget ssh = uri.sshTarget().get();
                Path knownHosts = hostKeys.knownHosts(id, ssh, host.sshHostKey());
                target = uri.connection(this.ssh.keyFile(), hostKeys.sshCommand(id, knownHosts));
                display = Optional.of(new SshTunnel(ssh, this.ssh::keyFile, knownHosts));
            }
            return new LibvirtDriver(new LibvirtHost(host.getName(), target, dacLabel(uri), display, domainNames),
                    change -> publisher.execute(() -> events.publishEvent(change)), () -> placements.vmsOn(id),
                    inventory::folderOf, uri.isThisMachine() ? Optional.of(networks) : Optional.empty());
        });
    }

    /** The driver of the host with this id; a VM's host is never removed while the VM is on it. */
    LibvirtDriver driver(Long hostId) {
        LibvirtDriver open = drivers.get(hostId);
        return open != null ? open : driver(hosts.findById(hostId).orElseThrow(() -> new IllegalStateException(
                "host " + hostId + " holds VMs but is not in the inventory")));
    }

    void close(Long hostId) {
        Optional.ofNullable(drivers.remove(hostId)).ifPresent(LibvirtDriver::close);
    }

    private void reconcileAll() {
        for (LibvirtDriver driver : drivers.values()) {
            try {
                driver.reconcile();
            } catch (RuntimeException e) {
                log.warn("Reconciling a libvirt host failed", e);
            }
        }
    }

    /**
     * The machine's own daemon (directly or over SSH to loopback) runs QEMU as the console's user without relabelling: it opens the console's files
     * under the console's paths, which libvirt's own QEMU user may not reach (a home folder, a private temp folder).
     */
    private static Optional<String> dacLabel(HostUri uri) {
        if (!uri.isThisMachine()) {
            return Optional.empty();
        }
        try {
            Path self = Path.of("/proc/self");
            return Optional.of("+" + Files.getAttribute(self, "unix:uid") + ":+" + Files.getAttribute(self, "unix:gid"));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    @Override
    public void destroy() {
        reconciler.shutdownNow();
        publisher.shutdownNow();
        drivers.values().forEach(LibvirtDriver::close);
    }
}
