package io.vireo.console.task;

/** The body of a long operation. It reports progress and stops when {@link TaskProgress#report} says cancelled. */
@FunctionalInterface
public interface TaskWork {
    void run(TaskProgress progress) throws Exception;
}
