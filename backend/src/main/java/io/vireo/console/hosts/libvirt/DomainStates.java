package io.vireo.console.hosts.libvirt;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;

import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.RuntimeStateChanged;

/**
 * What one libvirt host's VMs are, as the console last told it: lifecycle events and reconciliation tell each
 * change once as a {@link RuntimeStateChanged}, with why. Only domains named as this console's
 * ({@link DomainNames}) of VMs placed on the host count.
 */
final class DomainStates {
    private final String hostName;
    private final DomainNames names;
    private final Supplier<Set<Long>> placedVms;
    private final Consumer<RuntimeStateChanged> publish;
    /** The state last told for each VM of this host, so reconciling tells only changes. */
    private final Map<Long, RuntimeState> told = new ConcurrentHashMap<>();
    /** VMs the console is powering off, whose stop event says so rather than "destroyed outside". */
    private final Set<Long> stopping = ConcurrentHashMap.newKeySet();

    /** {@code publish} runs on libvirt's event thread as well, so it must not block. */
    DomainStates(String hostName, DomainNames names, Supplier<Set<Long>> placedVms,
            Consumer<RuntimeStateChanged> publish) {
        this.hostName = hostName;
        this.names = names;
        this.placedVms = placedVms;
        this.publish = publish;
    }

    /**
     * A lifecycle event of {@code domain}, unless {@code hidden} says the console caused it in passing. One that
     * leaves the VM as last told (a restored domain's resume after its start) tells nothing: the inventory would
     * only record the same state again, under whatever task holds the VM then.
     */
    void event(Domain domain, DomainEvent event, HiddenEvents hidden) throws LibvirtException {
        names.vmId(domain.getName()).filter(id -> placedVms.get().contains(id))
                .filter(id -> !hidden.hides(id, event)).ifPresent(vmId ->
                DomainEvents.stateAfter(event).ifPresent(state -> {
                    boolean byConsole = state == RuntimeState.OFF && stopping.remove(vmId);
                    if (state != lastTold(vmId)) {
                        tell(vmId, state, DomainEvents.reason(event, hostName, byConsole));
                    }
                }));
    }

    @FunctionalInterface
    interface HiddenEvents {
        boolean hides(Long vmId, DomainEvent event);
    }

    /** The console is powering the VM off: its stop event is the console's, not one from outside. */
    void stopping(Long vmId) {
        stopping.add(vmId);
    }

    void notStopping(Long vmId) {
        stopping.remove(vmId);
    }

    /** Takes these VMs as last told running (the inventory has them so), so reconciling tells those found stopped. */
    void assumeRunning(Set<Long> vmIds) {
        vmIds.forEach(vmId -> told.putIfAbsent(vmId, RuntimeState.RUNNING));
    }

    RuntimeState lastTold(Long vmId) {
        return told.getOrDefault(vmId, RuntimeState.OFF);
    }

    /** The host cannot be reached: its VMs last told running or paused may run on there, unknown to the console. */
    void unreachable(String why) {
        Set<Long> placed = placedVms.get();
        told.forEach((vmId, state) -> {
            if (placed.contains(vmId) && (state == RuntimeState.RUNNING || state == RuntimeState.PAUSED)) {
                tell(vmId, RuntimeState.UNKNOWN, "host " + hostName + " cannot be reached (" + why
                        + "); the VM may still run there");
            }
        });
    }

    /**
     * The console's domains on the host and their states now. A domain that goes while it is listed (another
     * console's, or one just destroyed) is passed over: it is not there.
     */
    Map<Long, RuntimeState> listed(Connect host) throws LibvirtException {
        Map<Long, RuntimeState> actual = new HashMap<>();
        for (int id : host.listDomains()) {
            try {
                Domain domain = host.domainLookupByID(id);
                try {
                    Optional<Long> vmId = names.vmId(domain.getName());
                    if (vmId.isPresent()) {
                        actual.put(vmId.get(), DomainEvents.of(domain.getInfo().state));
                    }
                } finally {
                    domain.free();
                }
            } catch (LibvirtException e) {
                if (e.getError().getCode() != ErrorNumber.VIR_ERR_NO_DOMAIN) {
                    throw e;
                }
            }
        }
        return actual;
    }

    /**
     * Tells what differs between {@code actual} ({@link #listed}) and what was last told: a VM found running (the
     * console restarted meanwhile) or gone while no event could come. A suspended VM has no domain: its saved state
     * is in its folder, so it stays suspended. A VM {@code passing} (its domain saved and about to be restored by a
     * snapshot with memory) is left as it was.
     */
    void compare(Map<Long, RuntimeState> actual, Predicate<Long> passing) {
        Set<Long> vms = new HashSet<>(actual.keySet());
        vms.addAll(told.keySet());
        vms.retainAll(placedVms.get());
        vms.removeIf(passing);
        for (Long vmId : vms) {
            RuntimeState now = actual.getOrDefault(vmId, told.get(vmId) == RuntimeState.SUSPENDED
                    ? RuntimeState.SUSPENDED : RuntimeState.OFF);
            if (lastTold(vmId) != now) {
                tell(vmId, now, now == RuntimeState.OFF ? "its domain is gone from host " + hostName
                        : "found " + now.name().toLowerCase() + " on host " + hostName);
            }
        }
    }

    private void tell(Long vmId, RuntimeState state, String reason) {
        told.put(vmId, state);
        publish.accept(new RuntimeStateChanged(vmId, state, reason));
    }
}
