package io.vireo.console.task;

import java.time.Instant;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.IdentifiedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A long operation a user can watch: queued, running with a percentage, then succeeded, failed or cancelled. */
@Entity
@Table(name = "tasks")
public class Task extends IdentifiedEntity implements AuditTarget {

    private String kind;
    private String description;
    private Long teamId;
    private String targetType;
    private Long targetId;
    @Enumerated(EnumType.STRING)
    private TaskState state;
    private int percent;
    private String step;
    private String failureReason;
    private String requestedBy;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    @Version
    private long version;

    protected Task() {
    }

    Task(TaskSpec spec, String requestedBy, Instant now) {
        this.kind = spec.kind();
        this.description = spec.description();
        this.teamId = spec.teamId();
        this.targetType = spec.targetType();
        this.targetId = spec.targetId();
        this.requestedBy = requestedBy;
        this.state = TaskState.QUEUED;
        this.createdAt = now;
    }

    void start(Instant now) {
        moveTo(TaskState.RUNNING);
        startedAt = now;
    }

    /** What a progress report may record: 0 to 99; only success makes a task 100% done. */
    static int reportable(int percent) {
        return Math.min(99, Math.max(0, percent));
    }

    /** What a progress report may record as the step: its first 255 characters. */
    static String reportableStep(String step) {
        return step.length() <= 255 ? step : step.substring(0, 255);
    }

    void succeed(Instant now) {
        moveTo(TaskState.SUCCEEDED);
        percent = 100;
        finishedAt = now;
    }

    /** The work made something else than it was queued for (an import made a template of the VM). */
    void retarget(String type, Long id) {
        targetType = type;
        targetId = id;
    }

    void fail(String reason, Instant now) {
        moveTo(TaskState.FAILED);
        failureReason = reason == null || reason.length() <= 1024 ? reason : reason.substring(0, 1024);
        finishedAt = now;
    }

    void cancel(Instant now) {
        moveTo(TaskState.CANCELLED);
        finishedAt = now;
    }

    private void moveTo(TaskState next) {
        if (!state.canMoveTo(next)) {
            throw new ConflictException("Task already " + state.name().toLowerCase(),
                    "Task " + getId() + " is " + state + " and cannot become " + next);
        }
        state = next;
    }

    public String getKind() { return kind; }
    public String getDescription() { return description; }
    public Long getTeamId() { return teamId; }
    public String getTargetType() { return targetType; }
    public Long getTargetId() { return targetId; }
    public TaskState getState() { return state; }
    public int getPercent() { return percent; }
    public String getStep() { return step; }
    public String getFailureReason() { return failureReason; }
    public String getRequestedBy() { return requestedBy; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
}
