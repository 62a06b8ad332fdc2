package io.vireo.console.task;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import jakarta.annotation.PreDestroy;

import io.vireo.console.task.internal.TaskRepository;

/**
 * Runs task work off the request thread and keeps the task row current. Every state change is its own
 * short transaction, so the tasks page and the event stream see progress while the work runs.
 */
@Component
class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final TaskRepository tasks;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform()
            .name("vireo-task-", 1).daemon(true).factory());

    TaskRunner(TaskRepository tasks, TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
        this.tasks = tasks;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    void run(Long taskId, TaskWork work) {
        executor.execute(() -> execute(taskId, work));
    }

    private void execute(Long taskId, TaskWork work) {
        if (!update(taskId, task -> task.start(clock.instant()))) {
            return;
        }
        try {
            work.run(new TaskProgress() {
                @Override
                public void report(int percent) {
                    TaskRunner.this.report(taskId, percent, null);
                }

                @Override
                public void report(int percent, String step) {
                    TaskRunner.this.report(taskId, percent, step);
                }

                @Override
                public void made(Long targetId) {
                    transactions.executeWithoutResult(status -> tasks.name(taskId, targetId));
                    events.publishEvent(new TaskChanged(taskId));
                }
            });
            update(taskId, task -> task.succeed(clock.instant()));
        } catch (TaskCancelledException e) {
            log.info("Task {} stopped after cancellation", taskId);
        } catch (Exception e) {
            log.warn("Task {} failed", taskId, e);
            update(taskId, task -> task.fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    clock.instant()));
        }
    }

    private void report(Long taskId, int percent, String step) {
        TaskState state = transactions.execute(status -> {
            tasks.raiseProgress(taskId, Task.reportable(percent));
            if (step != null) {
                tasks.describeStep(taskId, Task.reportableStep(step));
            }
            return tasks.stateOf(taskId);
        });
        if (state == TaskState.CANCELLED) {
            throw new TaskCancelledException(taskId);
        }
        events.publishEvent(new TaskChanged(taskId));
    }

    /** Applies a transition; false when the task had already reached a final state (cancelled while queued). */
    private boolean update(Long taskId, Consumer<Task> change) {
        Boolean applied = transactions.execute(status -> {
            Task task = tasks.findById(taskId).orElseThrow();
            if (task.getState().isFinal()) {
                return false;
            }
            change.accept(task);
            return true;
        });
        events.publishEvent(new TaskChanged(taskId));
        return Boolean.TRUE.equals(applied);
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}
