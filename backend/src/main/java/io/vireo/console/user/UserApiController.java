package io.vireo.console.user;

import java.net.URI;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.api.PageResponse;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1")
class UserApiController {

    private final UserService users;

    UserApiController(UserService users) {
        this.users = users;
    }

    @GetMapping("/users")
    PageResponse<UserView> list(@RequestParam(required = false) String q,
            @PageableDefault(size = 20, sort = "username") Pageable pageable) {
        return PageResponse.of(users.list(q, pageable), UserView::of);
    }

    @GetMapping("/users/{id}")
    UserView get(@PathVariable Long id) {
        return UserView.of(users.get(id));
    }

    @PostMapping("/users")
    ResponseEntity<UserView> create(@Valid @RequestBody UserRequest request) {
        User user = users.create(request);
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.getId())).body(UserView.of(user));
    }

    @PutMapping("/users/{id}")
    UserView update(@PathVariable Long id, @Valid @RequestBody UserUpdate update) {
        return UserView.of(users.update(id, update));
    }

    @GetMapping("/me")
    UserView me() {
        return UserView.of(users.me());
    }

    @PutMapping("/me")
    @Operation(summary = "Change your own account: its SSH public key",
            description = "sshPublicKey: one authorized_keys line (type, base64 key, optional comment; no options);"
                    + " blank removes it. VMs you create that boot an installed system from their disk get it for"
                    + " the user named after you.")
    UserView updateMe(@Valid @RequestBody AccountUpdate update) {
        return UserView.of(users.updateOwnAccount(update));
    }

    @PutMapping("/me/password")
    ResponseEntity<Void> changePassword(@Valid @RequestBody PasswordChange change) {
        users.changeOwnPassword(change);
        return ResponseEntity.noContent().build();
    }
}
