package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * unreachable, tell every state change as a {@link RuntimeStateChanged} ({@link DomainStates}). Snapshots of a
 * running VM, suspend, figures, network cards and serial consoles are done by {@link LibvirtSnapshots},
 * {@link LibvirtSavedState}, {@link DomainStats}, {@link LibvirtNics} and {@link SerialConsoles}; what else the
 * embedded engine does (live CPU and memory changes) is refused here with a clear conflict until libvirt does it.
 *
 * <p>Just over 400 lines because it is the whole {@link HostDriver} port for libvirt hosts, as {@code VmRuntime} is
 * for the engine: most methods find the domain and hand the call to the class that does the work.
 */
public final class LibvirtDriver implements HostDriver, AutoCloseable {
    /** Linux's KEY_POWER, which the guest may answer by shutting down (the tiny appliance does). */
    private static final int POWER_KEY = 116;
    private static final Logger log = LoggerFactory.getLogger(LibvirtDriver.class);

    private final String hostName;
    private final LibvirtHost host;
    private final Supplier<Set<Long>> placedVms;
    private final DomainStates states;
    private final LibvirtConnection connection;
    private final LibvirtNics nics;
    private final NodeSampler node;
    private final LibvirtSavedState savedStates;
    private final DomainStats domainStats;
    private final SerialConsoles serial;

    /**
     * @param publish    tells a state change; called on libvirt's event thread, so it must not block
     * @param placedVms  the ids of the VMs placed on this host now
     * @param vmFolder   a VM's folder on the console's machine, which holds its serial log
     * @param networks   the console's virtual switches, for a host on the console's machine: its domains' network
     *                   cards join them (a host elsewhere cannot reach them)
     */
    public LibvirtDriver(LibvirtHost host, Consumer<RuntimeStateChanged> publish, Supplier<Set<Long>> placedVms,
            Function<Long, Optional<Path>> vmFolder, Optional<NetworkRuntime> networks) {
        this.host = host;
        this.hostName = host.name();
        this.placedVms = placedVms;
        this.nics = new LibvirtNics(networks);
        this.states = new DomainStates(hostName, host.domains(), placedVms, change -> {
            if (change.state() == RuntimeState.OFF) {
                nics.stopped(change.vmId());
            }
            publish.accept(change);
        });
        this.savedStates = new LibvirtSavedState(hostName);
        this.domainStats = new DomainStats(Clock.systemUTC(), host.domains());
        this.connection = new LibvirtConnection(hostName, host.target(), this::onLifecycle);
        this.node = new NodeSampler(hostName, host.domains());
        this.serial = new SerialConsoles(hostName, host.target(), vmFolder, host.domains());
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
            states.event(domain, event, (vmId, e) -> savedStates.swallows(vmId, e) || serial.hides(vmId, e));
        } catch (LibvirtException | RuntimeException e) {
            log.warn("Could not follow an event of host {}: {}", hostName, event, e);
        }
        return 0;
    }

    /** Takes these VMs as last told running (the inventory has them so), so reconciling tells those found stopped. */
    public void assumeRunning(Set<Long> vmIds) {
        states.assumeRunning(vmIds);
    }

    /**
     * Reconnects when the connection was lost, then compares the host's domains with what was last told and tells
     * the difference ({@link DomainStates#compare}); picks up the serial consoles of running domains it does not
     * follow yet. While the host cannot be reached, its VMs last told running or paused are told
     * {@link RuntimeState#UNKNOWN}.
     */
    public void reconcile() {
        connect();
        Connect c = connection.current();
        if (c == null) {
            states.unreachable(connection.error().orElse("no answer"));
            return;
        }
        Map<Long, RuntimeState> actual;
        try {
            actual = states.listed(c);
        } catch (LibvirtException | RuntimeException e) {
            log.debug("Could not list the domains of host {}", hostName, e);
            return;
        }
        Set<Long> placed = placedVms.get();
        actual.keySet().stream().filter(placed::contains).forEach(serial::resume);
        node.read(c, placed);
        states.compare(actual, savedStates::inCheckpoint);
    }

    @Override
    public RuntimeState state(Long vmId) {
        Connect c = connection.current();
        if (c == null) {
            return states.lastTold(vmId);
        }
        try {
            Domain domain = c.domainLookupByName(host.domains().of(vmId));
            try {
                return DomainEvents.of(domain.getInfo().state);
            } finally {
                domain.free();
            }
        } catch (LibvirtException e) {
            return e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN ? RuntimeState.OFF : states.lastTold(vmId);
        }
    }

    @Override
    public void powerOn(LaunchSpec launch) throws IOException {
        if (!launch.nics().isEmpty() && !nics.reachable()) {
            throw new ConflictException("Not on a libvirt host yet", "VM " + launch.name() + " has network cards;"
                    + " they join the console's networks only on a libvirt host of the console's own machine, and "
                    + hostName + " is another. Remove them to run it there");
        }
        Connect daemon = reachable();
        SerialLog.rotate(launch.folder());
        try {
            serial.start(daemon, DomainXml.of(DiskBootFiles.resolve(launch), host.domains().of(launch.vmId()),
                    host.dacLabel(), nics.open(launch)), launch.vmId(), launch.folder());
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
        states.stopping(vmId);
        try {
            onDomain(vmId, "power off", Domain::destroy);
        } catch (RuntimeException e) {
            states.notStopping(vmId);
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
            Domain domain = reachable().domainLookupByName(host.domains().of(vmId));
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
        if (host.display().isEmpty()) {
            return Optional.empty();
        }
        try {
            Domain domain = reachable().domainLookupByName(host.domains().of(vmId));
            try {
                Optional<Integer> port = VncProxy.port(domain.getXMLDesc(0));
                return port.isEmpty() ? Optional.empty()
                        : Optional.of(VncProxy.open(host.display().get(), port.get(), in, out, viewOnly));
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
