package io.vireo.console.task;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.api.PageResponse;

@RestController
@RequestMapping("/api/v1/tasks")
class TaskApiController {

    private final TaskService tasks;
    private final TaskEventStream stream;

    TaskApiController(TaskService tasks, TaskEventStream stream) {
        this.tasks = tasks;
        this.stream = stream;
    }

    @GetMapping
    PageResponse<TaskView> list(@RequestParam(required = false) TaskState state,
            @RequestParam(required = false) String q,
            @PageableDefault(size = 20, sort = "createdAt", direction = Sort.Direction.DESC) Pageable pageable) {
        return PageResponse.of(tasks.list(state, q, pageable), TaskView::of);
    }

    @GetMapping("/{id}")
    TaskView get(@PathVariable Long id) {
        return TaskView.of(tasks.get(id));
    }

    @PostMapping("/{id}/cancel")
    TaskView cancel(@PathVariable Long id) {
        return TaskView.of(tasks.cancel(id));
    }

    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live task progress",
            description = "Server-sent events named 'task' whose data is the task as JSON, for every task the caller may see.")
    SseEmitter events() {
        return stream.subscribe();
    }
}
