package io.vireo.console.task;

/** What a new task is about: shown in the tasks list and used to decide who may see it. */
public record TaskSpec(String kind, String description, Long teamId, String targetType, Long targetId) {
}
