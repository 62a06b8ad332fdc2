package io.vireo.console.team;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vireo.console.api.CollectionApiController;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/teams")
class TeamApiController extends CollectionApiController<TeamView> {

    private final TeamService teams;

    TeamApiController(TeamService teams) {
        super((q, pageable) -> teams.list(q, pageable).map(TeamView::of), id -> TeamView.of(teams.get(id)),
                teams::delete);
        this.teams = teams;
    }

    @PostMapping
    ResponseEntity<TeamView> create(@Valid @RequestBody TeamRequest request) {
        Team team = teams.create(request);
        return ResponseEntity.created(URI.create("/api/v1/teams/" + team.getId())).body(TeamView.of(team));
    }

    @GetMapping("/{id}/members")
    List<MemberView> members(@PathVariable Long id) {
        return teams.members(id);
    }

    @PutMapping("/{id}/members")
    MemberView setMember(@PathVariable Long id, @Valid @RequestBody MemberRequest request) {
        return teams.setMember(id, request);
    }

    @DeleteMapping("/{id}/members/{userId}")
    ResponseEntity<Void> removeMember(@PathVariable Long id, @PathVariable Long userId) {
        teams.removeMember(id, userId);
        return ResponseEntity.noContent().build();
    }
}
