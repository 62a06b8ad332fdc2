package io.vireo.console.vm;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.RuntimeStateChanged;
import io.vireo.console.vm.internal.VmEvent;
import io.vireo.console.vm.internal.VmEventRepository;
import io.vireo.console.vm.internal.VmRepository;

/** Keeps the inventory's power state equal to the engine's, and records every change as a VM event. */
@Component
class PowerStateSync {
    private static final int ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(PowerStateSync.class);

    private final VmRepository vms;
    private final VmEventRepository events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PowerStateSync(VmRepository vms, VmEventRepository events, TransactionTemplate transactions, Clock clock) {
        this.vms = vms;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    static PowerState inventoryState(RuntimeState state) {
        return switch (state) {
            case OFF -> PowerState.STOPPED;
            case RUNNING -> PowerState.RUNNING;
            case PAUSED -> PowerState.PAUSED;
            case CRASHED -> PowerState.CRASHED;
            case SUSPENDED -> PowerState.SUSPENDED;
            case UNKNOWN -> PowerState.UNKNOWN;
        };
    }

    @EventListener
    void on(RuntimeStateChanged change) {
        follow(change.vmId(), change.state(), change.reason());
    }

    /** Records the engine's state; a concurrent edit of the VM (its settings, say) only delays this. */
    void follow(Long vmId, RuntimeState state, String reason) {
        PowerState target = inventoryState(state);
        for (int attempt = 1; ; attempt++) {
            try {
                transactions.executeWithoutResult(status -> vms.findById(vmId).ifPresent(vm -> {
                    vm.powerChanged(target, clock.instant());
                    events.save(new VmEvent(vm, clock.instant(), "power", target.name().toLowerCase() + ": " + reason));
                }));
                return;
            } catch (OptimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    log.warn("VM {} is {} in the engine, but its record could not be updated", vmId, target, e);
                    return;
                }
            }
        }
    }

    /** Adds an event to a VM's history without changing its state. */
    void note(Long vmId, String kind, String message) {
        transactions.executeWithoutResult(status -> vms.findById(vmId)
                .ifPresent(vm -> events.save(new VmEvent(vm, clock.instant(), kind, message))));
    }
}
