package io.vireo.console.task;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Caller;
import io.vireo.console.task.internal.TaskRepository;
import io.vireo.console.user.UserDisabled;

/**
 * Server-sent events of task changes. Each subscriber receives only the tasks it may see, judged with the
 * rights its user holds at the time of each event, not those it had when it connected: a member removed
 * from a team hears nothing more of the team's tasks, and a disabled user's stream ends.
 */
@Component
public class TaskEventStream {

    private static final long TIMEOUT_MILLIS = 30 * 60 * 1000L;

    /** Each open stream and the user it belongs to. */
    private final Map<SseEmitter, String> subscribers = new ConcurrentHashMap<>();
    private final TaskRepository tasks;
    private final TaskService service;
    private final AccessPolicy access;

    TaskEventStream(TaskRepository tasks, TaskService service, AccessPolicy access) {
        this.tasks = tasks;
        this.service = service;
        this.access = access;
    }

    public SseEmitter subscribe() {
        Caller caller = access.caller();
        SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
        subscribers.put(emitter, caller.username());
        emitter.onCompletion(() -> subscribers.remove(emitter));
        emitter.onTimeout(() -> subscribers.remove(emitter));
        emitter.onError(error -> subscribers.remove(emitter));
        return emitter;
    }

    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(readOnly = true, propagation = Propagation.REQUIRES_NEW)
    public void on(TaskChanged changed) {
        if (subscribers.isEmpty()) {
            return;
        }
        tasks.findById(changed.taskId()).ifPresent(task -> {
            TaskView view = TaskView.of(task);
            Map<String, Optional<Caller>> rights = new HashMap<>();
            subscribers.forEach((emitter, username) -> {
                Optional<Caller> caller = rights.computeIfAbsent(username, access::current);
                if (caller.isEmpty()) {
                    end(emitter);
                } else if (service.isVisibleTo(task, caller.get())) {
                    send(emitter, view);
                }
            });
        });
    }

    /** A disabled user's streams end now rather than at their next event or timeout. */
    @TransactionalEventListener(fallbackExecution = true)
    public void on(UserDisabled disabled) {
        subscribers.forEach((emitter, username) -> {
            if (username.equals(disabled.username())) {
                end(emitter);
            }
        });
    }

    private void end(SseEmitter emitter) {
        subscribers.remove(emitter);
        emitter.complete();
    }

    private void send(SseEmitter emitter, TaskView view) {
        try {
            emitter.send(SseEmitter.event().name("task").id(String.valueOf(view.id())).data(view));
        } catch (IOException | IllegalStateException gone) {
            subscribers.remove(emitter);
        }
    }
}
