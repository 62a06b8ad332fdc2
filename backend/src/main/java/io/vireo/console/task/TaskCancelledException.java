package io.vireo.console.task;

public class TaskCancelledException extends RuntimeException {

    public TaskCancelledException(Long taskId) {
        super("Task " + taskId + " was cancelled");
    }
}
