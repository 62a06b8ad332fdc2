package io.vireo.console.datastore;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.PageActions;

@Controller
@RequestMapping("/datastores")
class DatastorePageController {

    private final DatastoreService datastores;
    private final PageActions actions;

    DatastorePageController(DatastoreService datastores, PageActions actions) {
        this.datastores = datastores;
        this.actions = actions;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @PageableDefault(size = 25, sort = "name") Pageable pageable,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("page", datastores.list(q, pageable).map(DatastoreView::of));
        model.addAttribute("q", q == null ? "" : q);
        return htmx != null ? "datastores/list :: results" : "datastores/list";
    }

    @PostMapping
    String create(@ModelAttribute DatastoreRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, "/datastores", "Datastore created", request, () -> datastores.create(request));
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, "/datastores", "Datastore deleted", null, () -> datastores.delete(id));
    }
}
