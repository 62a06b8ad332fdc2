package io.vireo.console.task;

/** Handed to running work so it can publish its percentage. */
public interface TaskProgress {

    /**
     * Records progress; throws {@link TaskCancelledException} when the user cancelled the task, which the
     * work lets propagate after cleaning up.
     */
    void report(int percent);
}
