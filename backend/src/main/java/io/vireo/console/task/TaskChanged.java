package io.vireo.console.task;

/** Published after a task's state or progress changed and was committed. */
public record TaskChanged(Long taskId) {
}
