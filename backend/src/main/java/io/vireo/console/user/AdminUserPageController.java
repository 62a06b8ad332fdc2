package io.vireo.console.user;

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

import io.vireo.console.web.ListPage;
import io.vireo.console.web.PageActions;

@Controller
@RequestMapping("/admin/users")
class AdminUserPageController {

    private final UserService users;
    private final PageActions actions;

    AdminUserPageController(UserService users, PageActions actions) {
        this.users = users;
        this.actions = actions;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q,
            @PageableDefault(size = 25, sort = "username") Pageable pageable,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("roles", GlobalRole.values());
        return ListPage.render(model, "admin/users", users.list(q, pageable).map(UserView::of), q, htmx);
    }

    @PostMapping
    String create(@ModelAttribute UserRequest request, RedirectAttributes redirect) {
        UserRequest cleaned = new UserRequest(request.username(), request.displayName(),
                request.email() == null || request.email().isBlank() ? null : request.email(), request.password(),
                request.role());
        return actions.run(redirect, "/admin/users", "User created", cleaned, () -> users.create(cleaned));
    }

    @PostMapping("/{id}")
    String update(@PathVariable Long id, @ModelAttribute UserUpdate update, RedirectAttributes redirect) {
        UserUpdate cleaned = new UserUpdate(update.displayName(),
                update.email() == null || update.email().isBlank() ? null : update.email(), update.role(),
                update.enabled() != null && update.enabled());
        return actions.run(redirect, "/admin/users", "User saved", cleaned, () -> users.update(id, cleaned));
    }
}
