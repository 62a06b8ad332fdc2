package io.vireo.console.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.VmRuntime;
import io.vireo.console.security.Permission;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;

/**
 * Power operations on the engine. The inventory's state follows the engine's events ({@link PowerStateSync}),
 * never the request, so what the pages show is what the engine did, including what the guest did itself.
 */
@Service
public class VmPowerService {
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);
    static final Duration MAX_SHUTDOWN_TIMEOUT = Duration.ofMinutes(30);

    private final VmQueries vms;
    private final VmRuntime runtime;
    private final VmLaunches launches;
    private final TaskService tasks;
    private final PowerStateSync sync;

    VmPowerService(VmQueries vms, VmRuntime runtime, VmLaunches launches, TaskService tasks, PowerStateSync sync) {
        this.vms = vms;
        this.runtime = runtime;
        this.launches = launches;
        this.tasks = tasks;
        this.sync = sync;
    }

    /**
     * Carries out {@code action} and answers the state the engine is in afterwards. A shutdown runs as a task
     * that asks the guest and powers it off after {@code shutdownTimeout}.
     */
    @Audited(action = "vm.power", target = "VM")
    @Transactional
    public PowerState changePower(Long id, PowerAction action, Duration shutdownTimeout) {
        Vm vm = vms.authorized(id, Permission.OPERATE);
        vm.ensureAllows(action);
        if (runtime.state(id) == RuntimeState.OFF && vm.getPowerState().isActive()) {
            sync.follow(id, RuntimeState.OFF, "the engine does not hold this VM");
            return PowerState.STOPPED;
        }
        try {
            switch (action) {
                case START -> runtime.powerOn(launches.of(vm));
                case STOP -> runtime.powerOff(id);
                case RESET -> runtime.reset(id);
                case PAUSE -> runtime.pause(id);
                case RESUME -> runtime.resume(id);
                case SHUTDOWN -> shutDown(vm, checked(shutdownTimeout));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The engine could not " + action.label().toLowerCase() + " VM "
                    + vm.getName() + ": " + e.getMessage(), e);
        }
        return PowerStateSync.inventoryState(runtime.state(id));
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
            boolean asked = runtime.pressPowerButton(id);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (runtime.state(id) != RuntimeState.OFF && System.nanoTime() < deadline) {
                long left = deadline - System.nanoTime();
                progress.report((int) (95 - 95 * left / Math.max(1, timeout.toNanos())));
                Thread.sleep(Math.min(500, Math.max(1, left / 1_000_000)));
            }
            if (runtime.state(id) != RuntimeState.OFF) {
                sync.note(id, "shutdown", (asked ? "The guest did not shut down within " + timeout.toSeconds() + " s"
                        : "The VM has no power button to press") + "; powering it off");
                runtime.powerOff(id);
            }
        });
    }
}
