package io.vireo.console.authentication;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.team.TeamService;
import io.vireo.console.user.AccountUpdate;
import io.vireo.console.user.PasswordChange;
import io.vireo.console.user.UserService;
import io.vireo.console.user.UserView;
import io.vireo.console.web.PageActions;

/** "My account": password, SSH public key, teams, and personal API tokens (whose secret is shown once, right after issue). */
@Controller
@RequestMapping("/account")
class AccountPageController {

    private final UserService users;
    private final ApiTokenService tokens;
    private final TeamService teams;
    private final PageActions actions;

    AccountPageController(UserService users, ApiTokenService tokens, TeamService teams, PageActions actions) {
        this.users = users;
        this.tokens = tokens;
        this.teams = teams;
        this.actions = actions;
    }

    @GetMapping
    String account(Model model) {
        model.addAttribute("me", UserView.of(users.me()));
        model.addAttribute("memberships", teams.mine());
        model.addAttribute("tokens", tokens.mine());
        return "account";
    }

    @PostMapping("/password")
    String changePassword(@ModelAttribute PasswordChange change, RedirectAttributes redirect) {
        return actions.run(redirect, "/account", "Password changed", change, () -> users.changeOwnPassword(change));
    }

    @PostMapping("/ssh-key")
    String changeSshKey(@ModelAttribute AccountUpdate update, RedirectAttributes redirect) {
        return actions.run(redirect, "/account", "SSH key saved", update, () -> users.updateOwnAccount(update));
    }

    @PostMapping("/tokens")
    String issue(@ModelAttribute TokenRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, "/account", "Token created: copy it now, it is not shown again", request, () -> {
            redirect.addFlashAttribute("secret", tokens.issue(request).secret());
        });
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, "/account", "Token revoked", null, () -> tokens.revoke(id));
    }
}
