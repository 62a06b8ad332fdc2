package io.vireo.console.hosts.libvirt;

import java.util.Optional;

import org.libvirt.DomainInfo.DomainState;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.StartedDetail;
import org.libvirt.event.StoppedDetail;

import io.vireo.console.engine.RuntimeState;

/** How libvirt's domain states and lifecycle events read as the console's runtime states, with the reason told. */
final class DomainEvents {

    private DomainEvents() {
    }

    /** The state a lifecycle event leaves the domain in; empty for events that change none (defined, shutting down). */
    static Optional<RuntimeState> stateAfter(DomainEvent event) {
        return switch (event.getType()) {
            case STARTED, RESUMED -> Optional.of(RuntimeState.RUNNING);
            case SUSPENDED -> Optional.of(RuntimeState.PAUSED);
            case STOPPED -> Optional.of(event.getDetail() == StoppedDetail.SAVED ? RuntimeState.SUSPENDED
                    : RuntimeState.OFF);
            case CRASHED -> Optional.of(RuntimeState.CRASHED);
            default -> Optional.empty();
        };
    }

    /**
     * Why, in the words the VM's events use; {@code byConsole} when the console itself powered the VM off, so a
     * domain destroyed from outside (virsh) says so.
     */
    static String reason(DomainEvent event, String hostName, boolean byConsole) {
        return switch (event.getType()) {
            case STARTED -> event.getDetail() == StartedDetail.RESTORED ? "resumed from its saved state on host "
                    + hostName : "powered on on host " + hostName;
            case RESUMED -> "resumed on host " + hostName;
            case SUSPENDED -> "paused on host " + hostName;
            case CRASHED -> "the guest crashed on host " + hostName;
            case STOPPED -> byConsole ? "powered off" : stopped(event.getDetail(), hostName);
            default -> event.getType().name().toLowerCase() + " on host " + hostName;
        };
    }

    private static String stopped(Object detail, String hostName) {
        if (detail == StoppedDetail.SAVED) {
            return "suspended on host " + hostName + ": its state and memory are saved";
        }
        if (detail == StoppedDetail.SHUTDOWN) {
            return "the guest powered off";
        }
        if (detail == StoppedDetail.DESTROYED) {
            return "its domain was destroyed on host " + hostName + " outside the console";
        }
        if (detail == StoppedDetail.FAILED || detail == StoppedDetail.CRASHED) {
            return "QEMU failed on host " + hostName;
        }
        return "its domain stopped on host " + hostName + " (" + String.valueOf(detail).toLowerCase() + ")";
    }

    static RuntimeState of(DomainState state) {
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> RuntimeState.RUNNING;
            case VIR_DOMAIN_PAUSED, VIR_DOMAIN_PMSUSPENDED -> RuntimeState.PAUSED;
            case VIR_DOMAIN_CRASHED -> RuntimeState.CRASHED;
            case VIR_DOMAIN_SHUTDOWN -> RuntimeState.RUNNING; // shutting down: still running until it stops
            case VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_NOSTATE -> RuntimeState.OFF;
        };
    }
}
