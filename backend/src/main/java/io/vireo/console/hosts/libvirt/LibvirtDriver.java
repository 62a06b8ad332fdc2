package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.KeycodeSet;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.DiskBootFiles;
import io.vireo.console.engine.DisplaySession;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.HostLoad;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.engine.NetworkRuntime;
import io.vireo.console.engine.NicStatus;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.RuntimeStateChanged;
import io.vireo.console.engine.RuntimeStats;
import io.vireo.console.engine.SerialLog;
import io.vireo.console.hosts.HostFacts;

/**
 * The {@link HostDriver} of one libvirt host. A VM's domain is transient: created from the VM's model at each power
 * on ({@link DomainXml}) and gone once it stops, so the console's inventory stays the only definition of the VM and
 * a changed VM boots as changed. Lifecycle events, and {@link #reconcile} for anything missed while the host was
 * unreachable, tell every state change as a {@link RuntimeStateChanged}. Snapshots of a running VM, suspend and
 * figures are done by {@link LibvirtSnapshots}, {@link LibvirtSavedState} and {@link DomainStats}; what else the
 * embedded engine does (live NIC, CPU and memory changes) is refused here with a clear conflict until libvirt does it.
 */
public final class LibvirtDriver implements HostDriver, AutoCloseable {
    /** Linux's KEY_POWER, which the guest may answer by shutting down (the tiny appliance does). */
    private static final int POWER_KEY = 116;
    private static final Logger log = LoggerFactory.getLogger(LibvirtDriver.class);

    private final String hostName;
    private final Optional<String> dacLabel;
    private final Optional<VncRoute> display;
    private final Consumer<RuntimeStateChanged> publish;
    private final Supplier<Set<Long>> placedVms;
    /** The state last told for each VM of this host, so reconciling tells only changes. */
    private final Map<Long, RuntimeState> told = new ConcurrentHashMap<>();
    /** VMs the console is powering off, whose stop event says so rather than "destroyed outside". */
    private final Set<Long> stopping = ConcurrentHashMap.newKeySet();
    private final LibvirtConnection connection;
    private final LibvirtNics nics;
    private final NodeSampler node;
    private final LibvirtSavedState savedStates;
    private final DomainStats domainStats = new DomainStats(Clock.systemUTC());
    private final SerialConsoles serial;

    /**
     * @param target     what libvirt connects to: the host's URI with the console's key for an SSH host
     * @param dacLabel   runs QEMU as this {@code +uid:+gid} (the console's own user, for the local daemon)
     * @param display    how the console reaches the host's loopback VNC displays; empty when it cannot
     * @param publish    tells a state change; called on libvirt's event thread, so it must not block
     * @param placedVms  the ids of the VMs placed on this host now
     * @param vmFolder   a VM's folder on the console's machine, which holds its serial log
     * @param networks   the console's virtual switches, for a host on the console's machine: its domains' network
     *                   cards join them (a host elsewhere cannot reach them)
     */
    public LibvirtDriver(String hostName, String target, Optional<String> dacLabel, Optional<VncRoute> display,
            Consumer<RuntimeStateChanged> publish, Supplier<Set<Long>> placedVms,
            Function<Long, Optional<Path>> vmFolder, Optional<NetworkRuntime> networks) {
        this.nics = new LibvirtNics(networks);
        this.display = display;
        this.hostName = hostName;
        this.dacLabel = dacLabel;
        this.publish = publish;
        this.placedVms = placedVms;
        this.savedStates = new LibvirtSavedState(hostName);
        this.connection = new LibvirtConnection(hostName, target, this::onLifecycle);
        this.node = new NodeSampler(hostName);
        this.serial = new SerialConsoles(hostName, target, vmFolder);
    }

    /** Connects unless connected; true when connected afterwards, else {@link #error} says why not. */
    public boolean connect() {
        return connection.open();
    }

    public boolean connected() {
        return connection.current() != null;
    }

    /** Why the host is unreachable; empty while connected. */
    public Optional<String> error() {
        return connection.error();
    }

    /** What the host was when last connected; empty before it ever was. */
    public Optional<HostFacts> facts() {
        return connection.facts();
    }

    /** The host's use now and what the console's running VMs take of it; empty while unreachable. */
    public Optional<NodeStats> nodeStats() {
        return node.latest(connection.current(), placedVms.get());
    }

    private int onLifecycle(Domain domain, DomainEvent event) {
        try {
            DomainNames.vmId(domain.getName()).filter(id -> placedVms.get().contains(id))
                    .filter(id -> !savedStates.swallows(id, event) && !serial.hides(id, event)).ifPresent(vmId ->
                    DomainEvents.stateAfter(event).ifPresent(state -> {
                        boolean byConsole = state == RuntimeState.OFF && stopping.remove(vmId);
                        tell(vmId, state, DomainEvents.reason(event, hostName, byConsole));
                    }));
        } catch (LibvirtException | RuntimeException e) {
            log.warn("Could not follow an event of host {}: {}", hostName, event, e);
        }
        return 0;
    }

    private void tell(Long vmId, RuntimeState state, String reason) {
        if (state == RuntimeState.OFF) {
            nics.stopped(vmId);
        }
        told.put(vmId, state);
        publish.accept(new RuntimeStateChanged(vmId, state, reason));
    }

    /** Takes these VMs as last told running (the inventory has them so), so reconciling tells those found stopped. */
    public void assumeRunning(Set<Long> vmIds) {
        vmIds.forEach(vmId -> told.putIfAbsent(vmId, RuntimeState.RUNNING));
    }

    /**
     * Reconnects when the connection was lost, then compares the host's domains with what was last told and tells
     * the difference: a VM found running (the console restarted meanwhile) or gone while events could not come. While
     * the host cannot be reached, its VMs last told running or paused are told {@link RuntimeState#UNKNOWN}.
     */
    public void reconcile() {
        connect();
        Connect c = connection.current();
        if (c == null) {
            Set<Long> placed = placedVms.get();
            told.forEach((vmId, state) -> {
                if (placed.contains(vmId) && (state == RuntimeState.RUNNING || state == RuntimeState.PAUSED)) {
                    tell(vmId, RuntimeState.UNKNOWN, "host " + hostName + " cannot be reached ("
                            + connection.error().orElse("no answer") + "); the VM may still run there");
                }
            });
            return;
        }
        Map<Long, RuntimeState> actual = new HashMap<>();
        try {
            for (int id : c.listDomains()) {
                Domain domain = c.domainLookupByID(id);
                try {
                    Optional<Long> vmId = DomainNames.vmId(domain.getName());
                    if (vmId.isPresent()) {
                        actual.put(vmId.get(), DomainEvents.of(domain.getInfo().state));
                        if (placedVms.get().contains(vmId.get())) {
                            serial.resume(vmId.get());
                        }
                    }
                } finally {
                    domain.free();
                }
            }
        } catch (LibvirtException | RuntimeException e) {
            log.debug("Could not list the domains of host {}", hostName, e);
            return;
        }
        node.read(c, placedVms.get());
        Set<Long> placed = placedVms.get();
        Set<Long> vms = new HashSet<>(actual.keySet());
        vms.addAll(told.keySet());
        vms.retainAll(placed);
        for (Long vmId : vms) {
            // A suspended VM has no domain: its saved state is in its folder.
            RuntimeState now = actual.getOrDefault(vmId, told.get(vmId) == RuntimeState.SUSPENDED
                    ? RuntimeState.SUSPENDED : RuntimeState.OFF);
            if (told.getOrDefault(vmId, RuntimeState.OFF) != now) {
                tell(vmId, now, now == RuntimeState.OFF ? "its domain is gone from host " + hostName
                        : "found " + now.name().toLowerCase() + " on host " + hostName);
            }
        }
    }

    @Override
    public RuntimeState state(Long vmId) {
        Connect c = connection.current();
        if (c == null) {
            return told.getOrDefault(vmId, RuntimeState.OFF);
        }
        try {
            Domain domain = c.domainLookupByName(DomainNames.of(vmId));
            try {
                return DomainEvents.of(domain.getInfo().state);
            } finally {
                domain.free();
            }
        } catch (LibvirtException e) {
            return e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN ? RuntimeState.OFF
                    : told.getOrDefault(vmId, RuntimeState.OFF);
        }
    }

    @Override
    public void powerOn(LaunchSpec launch) throws IOException {
        if (!launch.nics().isEmpty() && !nics.reachable()) {
            throw new ConflictException("Not on a libvirt host yet", "VM " + launch.name() + " has network cards;"
                    + " they join the console's networks only on a libvirt host of the console's own machine, and "
                    + hostName + " is another. Remove them to run it there");
        }
        Connect host = reachable();
        SerialLog.rotate(launch.folder());
        try {
            serial.start(host, DomainXml.of(DiskBootFiles.resolve(launch), dacLabel, nics.open(launch)), launch.vmId(),
                    launch.folder());
            domainStats.poweredOn(launch.vmId());
        } catch (LibvirtException e) {
            nics.stopped(launch.vmId());
            throw new ConflictException("Host refused the VM", "Host " + hostName + " could not power on VM "
                    + launch.name() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            nics.stopped(launch.vmId());
            throw e;
        }
    }

    @Override
    public void powerOff(Long vmId) {
        stopping.add(vmId);
        try {
            onDomain(vmId, "power off", Domain::destroy);
        } catch (RuntimeException e) {
            stopping.remove(vmId);
            throw e;
        }
    }

    @Override
    public void reset(Long vmId) {
        onDomain(vmId, "reset", Domain::reset);
    }

    @Override
    public void pause(Long vmId) {
        onDomain(vmId, "pause", Domain::suspend);
    }

    @Override
    public void resume(Long vmId) {
        onDomain(vmId, "resume", Domain::resume);
    }

    @Override
    public boolean pressPowerButton(Long vmId) {
        onDomain(vmId, "press the power button of", domain -> domain.sendKey(KeycodeSet.LINUX, 0, POWER_KEY));
        return true;
    }

    /** A call that touches no file of the VM's (power, keys). */
    private void onDomain(Long vmId, String what, DomainFileCall call) {
        try {
            onDomainWithFiles(vmId, what, call);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface DomainFileCall {
        void on(Domain domain) throws LibvirtException, IOException;
    }

    private void onDomainWithFiles(Long vmId, String what, DomainFileCall call) throws IOException {
        try {
            Domain domain = reachable().domainLookupByName(DomainNames.of(vmId));
            try {
                call.on(domain);
            } finally {
                domain.free();
            }
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                throw new ConflictException("VM is off", "The VM is not powered on");
            }
            throw new ConflictException("Host refused", "Host " + hostName + " could not " + what + " the VM: "
                    + e.getMessage());
        }
    }

    private Connect reachable() {
        connect();
        Connect c = connection.current();
        if (c == null) {
            throw new ConflictException("Host unreachable", "Host " + hostName + " cannot be reached: "
                    + connection.error().orElse(""));
        }
        return c;
    }

    private ConflictException notYet(String what) {
        return new ConflictException("Not on a libvirt host yet", what + " is not available for VMs on libvirt host "
                + hostName + " yet");
    }

    @Override
    public void suspend(Long vmId, Path dir) throws IOException {
        withoutCards(vmId, "Suspending");
        onDomainWithFiles(vmId, "suspend", domain -> savedStates.suspend(domain, dir));
    }

    @Override
    public void resumeFrom(LaunchSpec launch, Path dir) throws IOException {
        savedStates.resume(reachable(), launch, dir);
    }

    /**
     * A saved domain names its cards' sockets, which close with the connection QEMU drops when it is saved, so a
     * restored one could not reach its network.
     */
    private void withoutCards(Long vmId, String what) {
        if (!nics.statuses(vmId).isEmpty()) {
            throw notYet(what + " of a VM with network cards");
        }
    }

    @Override
    public boolean holdsSavedState(Path dir) {
        return holdsSavedStateFiles(dir);
    }

    /** Whether {@code dir} holds a whole saved state a libvirt host wrote, whichever host it was. */
    public static boolean holdsSavedStateFiles(Path dir) {
        return LibvirtSavedState.holds(dir);
    }

    @Override
    public void checkpoint(Long vmId, Path dir, Map<Integer, Path> newTops, DiskAction whileStopped)
            throws IOException {
        withoutCards(vmId, "A snapshot with memory");
        onDomainWithFiles(vmId, "save the memory of", domain ->
                savedStates.checkpoint(vmId, domain, reachable(), dir, newTops, whileStopped));
    }

    /** Empty when the VM is off or the host cannot be asked now. */
    @Override
    public Optional<RuntimeStats> stats(Long vmId) {
        return Optional.ofNullable(connection.current()).flatMap(c -> domainStats.of(vmId, c));
    }

    @Override
    public void allocateCpu(Long vmId, int shares, int capPercent) {
        throw notYet("Changing CPU shares of a running VM");
    }

    @Override
    public void resizeMemory(Long vmId, long memoryMib) {
        throw notYet("Changing the memory of a running VM");
    }

    @Override
    public HostLoad hostLoad() {
        return nodeStats().map(NodeStats::hostLoad).orElseThrow(() -> new ConflictException("Host unreachable",
                "Host " + hostName + " cannot be reached: " + connection.error().orElse("")));
    }

    @Override
    public Optional<String> serialTail(Long vmId) {
        return serial.tail(vmId);
    }

    @Override
    public void typeSerial(Long vmId, byte[] bytes) {
        serial.type(vmId, bytes);
    }

    @Override
    public Optional<byte[]> screenshot(Long vmId) {
        return Optional.empty();
    }

    /**
     * The domain's VNC display, relayed from the host's loopback along its {@link VncRoute}. Empty when the VM is off,
     * has no display, or the host has no route.
     */
    @Override
    public Optional<DisplaySession> openDisplay(Long vmId, String viewer, InputStream in, OutputStream out,
            boolean viewOnly) {
        if (display.isEmpty()) {
            return Optional.empty();
        }
        try {
            Domain domain = reachable().domainLookupByName(DomainNames.of(vmId));
            try {
                Optional<Integer> port = VncProxy.port(domain.getXMLDesc(0));
                return port.isEmpty() ? Optional.empty()
                        : Optional.of(VncProxy.open(display.get(), port.get(), in, out, viewOnly));
            } finally {
                domain.free();
            }
        } catch (LibvirtException | IOException | ConflictException e) {
            log.debug("No display for VM {} on host {}: {}", vmId, hostName, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void reopenDisk(Long vmId, int position, Path newTop, DiskAction whileDetached) throws IOException {
        onDomainWithFiles(vmId, "change the disk of",
                domain -> LibvirtSnapshots.reopen(domain, hostName, position, newTop, whileDetached));
    }

    @Override
    public List<NicStatus> nics(Long vmId) {
        return nics.statuses(vmId);
    }

    @Override
    public void setLink(Long vmId, int position, boolean up) {
        nics.of(vmId).setLink(position, up);
    }

    @Override
    public void addForward(Long vmId, int position, LaunchSpec.Forward forward) {
        nics.of(vmId).addForward(position, forward);
    }

    @Override
    public void removeForward(Long vmId, int position, LaunchSpec.Forward forward) {
        nics.of(vmId).removeForward(position, forward);
    }

    @Override
    public void changeDisc(Long vmId, String vmName, Optional<Path> iso, boolean force) {
        onDomain(vmId, "change the disc of", domain -> LibvirtDiscs.change(domain, vmName, hostName, iso, force));
    }

    /** Lets go of the host; its domains run on. */
    @Override
    public void close() {
        serial.closeAll();
        connection.close();
        nics.close();
    }
}
