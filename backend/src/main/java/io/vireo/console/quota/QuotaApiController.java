package io.vireo.console.quota;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/teams/{teamId}/quota")
class QuotaApiController {

    private final QuotaService quotas;

    QuotaApiController(QuotaService quotas) {
        this.quotas = quotas;
    }

    @GetMapping
    @Operation(summary = "The team's quota and usage",
            description = "Pass the resources of a planned change to see its impact (as the create form does).")
    QuotaStatus status(@PathVariable Long teamId, @RequestParam(defaultValue = "0") int vcpus,
            @RequestParam(defaultValue = "0") long memoryMib, @RequestParam(defaultValue = "0") long diskGib,
            @RequestParam(defaultValue = "0") int vms) {
        return quotas.status(teamId, new Resources(vcpus, memoryMib, diskGib, vms));
    }

    @PutMapping
    QuotaStatus change(@PathVariable Long teamId, @Valid @RequestBody Resources limits) {
        quotas.change(teamId, limits);
        return quotas.status(teamId, Resources.NONE);
    }
}
