package io.vireo.console.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.vireo.console.domain.ConflictException;

class TaskStateTest {

    private final Instant now = Instant.parse("2026-01-01T10:00:00Z");

    private Task task() {
        return new Task(new TaskSpec("vm.create", "Create VM a", 1L, "VM", 1L), "alice", now);
    }

    @Test
    void runsFromQueuedThroughRunningToSucceeded() {
        Task task = task();
        assertThat(task.getState()).isEqualTo(TaskState.QUEUED);
        task.start(now);
        assertThat(task.getState()).isEqualTo(TaskState.RUNNING);
        task.succeed(now);
        assertThat(task.getState()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(task.getPercent()).isEqualTo(100);
    }

    @Test
    void progressReportsStopShortOfDone() {
        assertThat(Task.reportable(100)).isEqualTo(99);
        assertThat(Task.reportable(-5)).isZero();
        assertThat(Task.reportable(42)).isEqualTo(42);
    }

    @Test
    void aFailureKeepsItsReason() {
        Task task = task();
        task.start(now);
        task.fail("disk full", now);
        assertThat(task.getState()).isEqualTo(TaskState.FAILED);
        assertThat(task.getFailureReason()).isEqualTo("disk full");
    }

    @Test
    void finishedTasksCannotBeCancelledOrRestarted() {
        Task task = task();
        task.cancel(now);
        assertThatThrownBy(() -> task.cancel(now)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> task.start(now)).isInstanceOf(ConflictException.class);
    }
}
