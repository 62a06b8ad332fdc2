package io.vireo.console.authentication;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/me/tokens")
class ApiTokenApiController {

    private final ApiTokenService tokens;

    ApiTokenApiController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    List<TokenView> list() {
        return tokens.mine();
    }

    @PostMapping
    @Operation(summary = "Issue a personal API token", description = "The secret is in this answer only.")
    ResponseEntity<IssuedToken> issue(@Valid @RequestBody TokenRequest request) {
        IssuedToken issued = tokens.issue(request);
        return ResponseEntity.created(URI.create("/api/v1/me/tokens/" + issued.getId())).body(issued);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable Long id) {
        tokens.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
