package io.vireo.console.vm;

import java.util.EnumSet;
import java.util.Set;

/** A VM's state as the inventory records it; while the engine runs the VM, it follows the engine's. */
public enum PowerState {
    /** Its directory and disks are being created. */
    PROVISIONING,
    STOPPED,
    RUNNING,
    PAUSED,
    /** The engine stopped the VM after the guest drove it into an error; its events say why. */
    CRASHED,
    /**
     * Its state and memory are saved in its folder ({@link VmSavedState}) and it holds no CPU or memory; resuming
     * continues the guest where it stopped. Powering it off discards the saved state.
     */
    SUSPENDED,
    /** Provisioning failed; the task says why. */
    ERROR,
    /** A task is moving or copying its files; it cannot be powered on until the task ends. */
    BUSY,
    /**
     * It was running or paused on a libvirt host that cannot be reached now: it may run on there (QEMU outlives the
     * daemon), so it is kept as it is, and shows its real state again once the host answers.
     */
    UNKNOWN;

    public boolean isActive() {
        return this == RUNNING || this == PAUSED;
    }

    /** Active, or unknown and so perhaps still running: what must not be deleted or have its hardware changed. */
    public boolean mayBeRunning() {
        return isActive() || this == UNKNOWN;
    }

    /** Which power actions make sense from here; the pages show only these buttons. */
    public Set<PowerAction> actions() {
        return switch (this) {
            case STOPPED, CRASHED -> EnumSet.of(PowerAction.START);
            case RUNNING -> EnumSet.of(PowerAction.SHUTDOWN, PowerAction.STOP, PowerAction.RESET, PowerAction.PAUSE,
                    PowerAction.SUSPEND);
            case PAUSED -> EnumSet.of(PowerAction.RESUME, PowerAction.STOP, PowerAction.SUSPEND);
            case SUSPENDED -> EnumSet.of(PowerAction.RESUME, PowerAction.STOP);
            // an unknown VM's host cannot be asked to do anything until it answers again
            case PROVISIONING, ERROR, BUSY, UNKNOWN -> EnumSet.noneOf(PowerAction.class);
        };
    }
}
