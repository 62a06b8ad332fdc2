package io.vireo.console.task;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Audited;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Caller;
import io.vireo.console.security.Permission;
import io.vireo.console.task.internal.TaskRepository;

@Service
public class TaskService {

    private final TaskRepository tasks;
    private final TaskRunner runner;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TaskService(TaskRepository tasks, TaskRunner runner, AccessPolicy access, ApplicationEventPublisher events,
            Clock clock) {
        this.tasks = tasks;
        this.runner = runner;
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Queues work as a task. The work starts only after the caller's transaction commits, so it sees the
     * rows the caller just wrote.
     */
    @Transactional
    public Task submit(TaskSpec spec, TaskWork work) {
        Task task = tasks.save(new Task(spec, AuditLog.currentActor(), clock.instant()));
        Long id = task.getId();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    runner.run(id, work);
                }
            });
        } else {
            runner.run(id, work);
        }
        events.publishEvent(new TaskChanged(id));
        return task;
    }

    /** The running task now names what its work made ({@code targetType} {@code targetId}) instead. */
    @Transactional
    public void retarget(Long id, String targetType, Long targetId) {
        tasks.findById(id).orElseThrow(() -> new NotFoundException("Task", id)).retarget(targetType, targetId);
        events.publishEvent(new TaskChanged(id));
    }

    @Transactional(readOnly = true)
    public Page<Task> list(TaskState state, String q, Pageable pageable) {
        Caller caller = access.caller();
        Set<TaskState> states = state == null ? EnumSet.allOf(TaskState.class) : EnumSet.of(state);
        return tasks.search(access.visibleTeamIds(), caller.username(), states, q == null ? "" : q.trim(), pageable);
    }

    /** A task the caller may not see is not found; that answer leaves the caller's own transaction usable. */
    @Transactional(readOnly = true, noRollbackFor = NotFoundException.class)
    public Task get(Long id) {
        return authorized(id, Permission.VIEW);
    }

    @Audited(action = "task.cancel", target = "Task")
    @Transactional
    public Task cancel(Long id) {
        Task task = authorized(id, Permission.OPERATE);
        task.cancel(clock.instant());
        events.publishEvent(new TaskChanged(id));
        return task;
    }

    /** Whether the caller may see a task: its team's members (by role) and whoever asked for it. */
    public boolean isVisibleTo(Task task, Caller caller) {
        return caller.admin() || caller.username().equals(task.getRequestedBy())
                || (task.getTeamId() != null && caller.isMemberOf(task.getTeamId()));
    }

    private Task authorized(Long id, Permission permission) {
        Task task = tasks.findById(id).orElseThrow(() -> new NotFoundException("Task", id));
        Caller caller = access.caller();
        if (caller.username().equals(task.getRequestedBy()) && task.getTeamId() == null) {
            return task;
        }
        if (task.getTeamId() == null) {
            if (!caller.admin()) {
                throw new NotFoundException("Task", id);
            }
            return task;
        }
        access.require(task.getTeamId(), permission, "Task", id);
        return task;
    }
}
