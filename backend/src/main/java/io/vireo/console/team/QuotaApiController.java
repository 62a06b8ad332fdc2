package io.vireo.console.team;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.quota.QuotaStatus;
import io.vireo.console.quota.Resources;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/teams/{teamId}/quota")
class QuotaApiController {

    private final TeamService teams;

    QuotaApiController(TeamService teams) {
        this.teams = teams;
    }

    @GetMapping
    @Operation(summary = "The team's quota and usage",
            description = "Pass the resources of a planned change to see its impact (as the create form does).")
    QuotaStatus status(@PathVariable Long teamId, @RequestParam(defaultValue = "0") int vcpus,
            @RequestParam(defaultValue = "0") long memoryMib, @RequestParam(defaultValue = "0") long diskGib,
            @RequestParam(defaultValue = "0") int vms) {
        return teams.quota(teamId, new Resources(vcpus, memoryMib, diskGib, vms));
    }

    @PutMapping
    QuotaStatus change(@PathVariable Long teamId, @Valid @RequestBody Resources limits) {
        teams.changeQuota(teamId, limits);
        return teams.quota(teamId, Resources.NONE);
    }
}
