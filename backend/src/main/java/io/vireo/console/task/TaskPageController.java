package io.vireo.console.task;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.ListPage;
import io.vireo.console.web.PageActions;

/** The tasks page; it listens to the task event stream and reloads its rows when a task changes. */
@Controller
@RequestMapping("/tasks")
class TaskPageController {

    private final TaskService tasks;
    private final PageActions actions;

    TaskPageController(TaskService tasks, PageActions actions) {
        this.tasks = tasks;
        this.actions = actions;
    }

    @GetMapping
    String list(@RequestParam(required = false) TaskState state, @RequestParam(required = false) String q,
            @PageableDefault(size = 25, sort = "createdAt", direction = Sort.Direction.DESC) Pageable pageable,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("state", state);
        model.addAttribute("states", TaskState.values());
        return ListPage.render(model, "tasks/list", tasks.list(state, q, pageable).map(TaskView::of), q, htmx);
    }

    @GetMapping("/{id}")
    String detail(@PathVariable Long id, Model model) {
        model.addAttribute("task", TaskView.of(tasks.get(id)));
        return "tasks/detail";
    }

    @PostMapping("/{id}/cancel")
    String cancel(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, "/tasks", "Task cancelled", null, () -> tasks.cancel(id));
    }
}
