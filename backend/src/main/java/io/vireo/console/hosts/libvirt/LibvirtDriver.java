package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
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
import io.vireo.console.engine.DisplaySession;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.HostLoad;
import io.vireo.console.engine.LaunchSpec;
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
 * unreachable, tell every state change as a {@link RuntimeStateChanged}. What the embedded engine does beyond power
 * (suspend, live disk and NIC changes, figures) is refused here with a clear conflict until libvirt does it too.
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
    private final SerialConsoles serial;

    /**
     * @param target     what libvirt connects to: the host's URI with the console's key for an SSH host
     * @param dacLabel   runs QEMU as this {@code +uid:+gid} (the console's own user, for the local daemon)
     * @param display    how the console reaches the host's loopback VNC displays; empty when it cannot
     * @param publish    tells a state change; called on libvirt's event thread, so it must not block
     * @param placedVms  the ids of the VMs placed on this host now
     * @param vmFolder   a VM's folder on the console's machine, which holds its serial log
     */
    public LibvirtDriver(String hostName, String target, Optional<String> dacLabel, Optional<VncRoute> display,
            Consumer<RuntimeStateChanged> publish, Supplier<Set<Long>> placedVms,
            Function<Long, Optional<Path>> vmFolder) {
        this.display = display;
        this.hostName = hostName;
        this.dacLabel = dacLabel;
        this.publish = publish;
        this.placedVms = placedVms;
        this.connection = new LibvirtConnection(hostName, target, this::onLifecycle);
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

    private int onLifecycle(Domain domain, DomainEvent event) {
        try {
            DomainNames.vmId(domain.getName()).filter(id -> placedVms.get().contains(id))
                    .filter(id -> !serial.hides(id, event)).ifPresent(vmId ->
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
        told.put(vmId, state);
        publish.accept(new RuntimeStateChanged(vmId, state, reason));
    }

    /** Takes these VMs as last told running (the inventory has them so), so reconciling tells those found stopped. */
    public void assumeRunning(Set<Long> vmIds) {
        vmIds.forEach(vmId -> told.putIfAbsent(vmId, RuntimeState.RUNNING));
    }

    /**
     * Reconnects when the connection was lost, then compares the host's domains with what was last told and tells
     * the difference: a VM found running (the console restarted meanwhile) or gone while events could not come.
     */
    public void reconcile() {
        connect();
        Connect c = connection.current();
        if (c == null) {
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
        Set<Long> placed = placedVms.get();
        Set<Long> vms = new HashSet<>(actual.keySet());
        vms.addAll(told.keySet());
        vms.retainAll(placed);
        for (Long vmId : vms) {
            RuntimeState now = actual.getOrDefault(vmId, RuntimeState.OFF);
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
        String xml = DomainXml.of(launch, dacLabel);
        SerialLog.rotate(launch.folder());
        try {
            serial.start(reachable(), xml, launch.vmId(), launch.folder());
        } catch (LibvirtException e) {
            throw new ConflictException("Host refused the VM", "Host " + hostName + " could not power on VM "
                    + launch.name() + ": " + e.getMessage());
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

    @FunctionalInterface
    private interface DomainCall {
        void on(Domain domain) throws LibvirtException;
    }

    private void onDomain(Long vmId, String what, DomainCall call) {
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
    public void suspend(Long vmId, Path dir) {
        throw notYet("Suspending");
    }

    @Override
    public void resumeFrom(LaunchSpec launch, Path dir) {
        throw notYet("Resuming from a saved state");
    }

    @Override
    public boolean holdsSavedState(Path dir) {
        return false;
    }

    @Override
    public void checkpoint(Long vmId, Path dir, Map<Integer, Path> newTops, DiskAction whileStopped) {
        throw notYet("A snapshot with memory");
    }

    @Override
    public Optional<RuntimeStats> stats(Long vmId) {
        return Optional.empty();
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
        throw new UnsupportedOperationException("the load of libvirt hosts is not gathered yet");
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
    public void reopenDisk(Long vmId, int position, Path newTop, DiskAction whileDetached) {
        throw notYet("Changing a running VM's disk");
    }

    @Override
    public List<NicStatus> nics(Long vmId) {
        return List.of();
    }

    @Override
    public void setLink(Long vmId, int position, boolean up) {
        throw notYet("Network cards");
    }

    @Override
    public void addForward(Long vmId, int position, LaunchSpec.Forward forward) {
        throw notYet("Port forwarding");
    }

    @Override
    public void removeForward(Long vmId, int position, LaunchSpec.Forward forward) {
        throw notYet("Port forwarding");
    }

    @Override
    public void changeDisc(Long vmId, String vmName, Optional<Path> iso, boolean force) {
        throw notYet("Changing the disc of a running VM");
    }

    /** Lets go of the host; its domains run on. */
    @Override
    public void close() {
        serial.closeAll();
        connection.close();
    }
}
