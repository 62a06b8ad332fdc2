package io.vireo.console.task;

/** Handed to running work so it can publish its percentage. */
public interface TaskProgress {

    /**
     * Records progress; throws {@link TaskCancelledException} when the user cancelled the task, which the
     * work lets propagate after cleaning up.
     */
    void report(int percent);

    /**
     * As {@link #report(int)}, and says in words what the work is doing now (shown beside the percentage, at most
     * 255 characters).
     */
    void report(int percent, String step);

    /**
     * Names what the work made once it exists (a new image, say), for work whose target has no row before it
     * runs: the finished task's {@code targetId}.
     */
    void made(Long targetId);

    /** This progress for piece {@code part} (from 0) of {@code parts} equal pieces of the work. */
    default TaskProgress share(int part, int parts) {
        TaskProgress whole = this;
        return new TaskProgress() {
            @Override
            public void report(int percent) {
                whole.report((100 * part + percent) / parts);
            }

            @Override
            public void report(int percent, String step) {
                whole.report((100 * part + percent) / parts, step);
            }

            @Override
            public void made(Long targetId) {
                whole.made(targetId);
            }
        };
    }
}
