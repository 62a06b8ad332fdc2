package io.vireo.console.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.security.Permission;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;
import jakarta.persistence.EntityManager;

/**
 * Power operations on the engine. The inventory's state follows the engine's events ({@link PowerStateSync}),
 * never the request, so what the pages show is what the engine did, including what the guest did itself.
 */
@Service
public class VmPowerService {
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);
    static final Duration MAX_SHUTDOWN_TIMEOUT = Duration.ofMinutes(30);
    /** How often a shutdown looks whether the guest is off or its time is up. */
    private static final Duration SHUTDOWN_POLL = Duration.ofMillis(500);

    private final VmQueries vms;
    private final HostDriver host;
    private final VmLaunches launches;
    private final TaskService tasks;
    private final PowerStateSync sync;
    private final VmDiskLocks diskLocks;
    private final EntityManager entities;
    private final VmSavedState savedState;
    private final Clock clock;

    VmPowerService(VmQueries vms, HostDriver host, VmLaunches launches, TaskService tasks, PowerStateSync sync,
            VmDiskLocks diskLocks, EntityManager entities, VmSavedState savedState, Clock clock) {
        this.savedState = savedState;
        this.diskLocks = diskLocks;
        this.entities = entities;
        this.vms = vms;
        this.host = host;
        this.launches = launches;
        this.tasks = tasks;
        this.sync = sync;
        this.clock = clock;
    }

    /**
     * Carries out {@code action} and answers the state the engine is in afterwards. A shutdown runs as a task
     * that asks the guest and powers it off after {@code shutdownTimeout}.
     */
    @Audited(action = "vm.power", target = "VM")
    @Transactional
    public PowerState changePower(Long id, PowerAction action, Duration shutdownTimeout) {
        return changePower(id, action, shutdownTimeout, false);
    }

    /**
     * As {@link #changePower(Long, PowerAction, Duration)}; powering a suspended VM off discards its saved state, so
     * it is refused unless {@code discardSavedState} confirms it. Powering a suspended VM on resumes it.
     */
    @Audited(action = "vm.power", target = "VM")
    @Transactional
    public PowerState changePower(Long id, PowerAction action, Duration shutdownTimeout, boolean discardSavedState) {
        Vm vm = vms.authorized(id, Permission.OPERATE);
        RuntimeState held = host.state(id);
        PowerState now = held == RuntimeState.OFF ? vm.getPowerState() : PowerStateSync.inventoryState(held);
        PowerAction wanted = action == PowerAction.START && now == PowerState.SUSPENDED ? PowerAction.RESUME : action;
        vm.ensureAllows(wanted, now);
        if (held == RuntimeState.OFF && vm.getPowerState().isActive()) {
            sync.follow(id, RuntimeState.OFF, "the engine does not hold this VM");
            return PowerState.STOPPED;
        }
        if (now == PowerState.SUSPENDED) {
            return wanted == PowerAction.RESUME ? resumeSaved(vm) : discardSaved(vm, discardSavedState);
        }
        try {
            switch (wanted) {
                case START -> powerOn(vm);
                case STOP -> host.powerOff(id);
                case RESET -> host.reset(id);
                case PAUSE -> host.pause(id);
                case RESUME -> host.resume(id);
                case SUSPEND -> {
                    host.suspend(id, savedState.folder(vm));
                    return PowerState.SUSPENDED;
                }
                case SHUTDOWN -> shutDown(vm, checked(shutdownTimeout));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The engine could not " + wanted.label().toLowerCase() + " VM "
                    + vm.getName() + ": " + e.getMessage(), e);
        }
        return PowerStateSync.inventoryState(host.state(id));
    }

    /**
     * Resumes a suspended VM from the state in its folder, then deletes that state: the running VM has the memory
     * file mapped (deleting it leaves the mapping whole), and a state left behind would bring the guest back to a
     * past instant over disks that have moved on.
     */
    private PowerState resumeSaved(Vm vm) {
        try {
            diskLocks.exclusively(vm.getId(), vm.getName(), () -> {
                entities.refresh(vm);
                host.resumeFrom(launches.of(vm), savedState.folder(vm));
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("The engine could not resume VM " + vm.getName() + ": " + e.getMessage(), e);
        }
        savedState.discard(vm);
        return PowerState.RUNNING;
    }

    private PowerState discardSaved(Vm vm, boolean confirmed) {
        savedState.ensureDiscardable(vm, confirmed, "powering it off");
        savedState.discard(vm);
        sync.follow(vm.getId(), RuntimeState.OFF, "powered off; its saved state was discarded");
        return PowerState.STOPPED;
    }

    /**
     * Resumes a VM, off now, from a saved state that stays where it is (a snapshot's memory), over its disks as
     * recorded now; for the snapshot module, inside its task.
     */
    public void resumeFrom(Long id, Path dir) throws IOException {
        Vm vm = vms.find(id).orElseThrow(() -> new ConflictException("VM gone", "The VM was deleted meanwhile"));
        host.resumeFrom(launches.of(vm), dir);
    }

    /**
     * Under the VM's disk lock, from the disks as recorded now: a snapshot task that finished since the VM was read
     * may have moved them to new files. What is left of a damaged saved state goes: a fresh boot makes it stale.
     */
    private void powerOn(Vm vm) throws IOException {
        diskLocks.exclusively(vm.getId(), vm.getName(), () -> {
            entities.refresh(vm);
            host.powerOn(launches.of(vm));
            return null;
        });
        savedState.discard(vm);
    }

    private static Duration checked(Duration timeout) {
        Duration t = timeout == null ? DEFAULT_SHUTDOWN_TIMEOUT : timeout;
        if (t.isNegative() || t.compareTo(MAX_SHUTDOWN_TIMEOUT) > 0) {
            throw new InvalidFieldException("timeoutSeconds", "The shutdown timeout must be 0 to "
                    + MAX_SHUTDOWN_TIMEOUT.toSeconds() + " seconds");
        }
        return t;
    }

    private void shutDown(Vm vm, Duration timeout) {
        Long id = vm.getId();
        tasks.submit(new TaskSpec("vm.shutdown", "Shut down VM " + vm.getName(), vm.teamId(), "VM", id), progress -> {
            Instant deadline = clock.instant().plus(timeout);
            boolean asked = host.pressPowerButton(id);
            while (isOn(host.state(id)) && clock.instant().isBefore(deadline)) {
                Duration left = Duration.between(clock.instant(), deadline);
                progress.report((int) (95 - 95 * left.toMillis() / Math.max(1, timeout.toMillis())));
                Thread.sleep(Math.max(1, Math.min(SHUTDOWN_POLL.toMillis(), left.toMillis())));
            }
            if (isOn(host.state(id))) {
                sync.note(id, "shutdown", (asked ? "The guest did not shut down within " + timeout.toSeconds() + " s"
                        : "The VM has no power button to press") + "; powering it off");
                host.powerOff(id);
            }
        });
    }

    /** A VM that crashed while shutting down has nothing left to power off. */
    private static boolean isOn(RuntimeState state) {
        return state == RuntimeState.RUNNING || state == RuntimeState.PAUSED;
    }
}
