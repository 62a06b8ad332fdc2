package io.vireo.engine.vm;

import java.util.EnumSet;
import java.util.Set;

/**
 * A virtual machine's lifecycle. Transitions not listed are refused. SUSPENDED: the machine's state and
 * RAM are in a folder ({@link VirtualMachine#suspendTo}) and it holds no host CPU or memory; it runs again
 * from there ({@link VirtualMachine#resumeFrom}) or is powered on afresh.
 */
public enum VmState {
    CREATED, RUNNING, PAUSED, STOPPED, CRASHED, SUSPENDED;

    private Set<VmState> next() {
        return switch (this) {
            case CREATED, STOPPED, CRASHED, SUSPENDED -> EnumSet.of(RUNNING, CRASHED);
            case RUNNING -> EnumSet.of(PAUSED, STOPPED, CRASHED, RUNNING, SUSPENDED);
            case PAUSED -> EnumSet.of(RUNNING, STOPPED, CRASHED, SUSPENDED);
        };
    }

    public boolean canMoveTo(VmState target) {
        return next().contains(target);
    }

    /** Returns {@code target} if the move is legal, else throws with what was attempted. */
    public VmState moveTo(VmState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("a VM cannot go from " + this + " to " + target);
        }
        return target;
    }
}
