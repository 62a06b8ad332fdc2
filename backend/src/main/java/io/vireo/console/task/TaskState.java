package io.vireo.console.task;

import java.util.EnumSet;
import java.util.Set;

/** The life of a long operation. Final states never change again. */
public enum TaskState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public boolean canMoveTo(TaskState next) {
        return allowedNext().contains(next);
    }

    private Set<TaskState> allowedNext() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED, FAILED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
            case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(TaskState.class);
        };
    }
}
