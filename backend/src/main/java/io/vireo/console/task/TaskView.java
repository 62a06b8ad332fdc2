package io.vireo.console.task;

import java.time.Instant;

public record TaskView(Long id, String kind, String description, Long teamId, String targetType, Long targetId,
        TaskState state, int percent, String step, String failureReason, String requestedBy, Instant createdAt,
        Instant startedAt, Instant finishedAt) {

    public static TaskView of(Task t) {
        return new TaskView(t.getId(), t.getKind(), t.getDescription(), t.getTeamId(), t.getTargetType(),
                t.getTargetId(), t.getState(), t.getPercent(), t.getStep(), t.getFailureReason(), t.getRequestedBy(),
                t.getCreatedAt(), t.getStartedAt(), t.getFinishedAt());
    }
}
