package io.vireo.console.vm;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

@RestController
@RequestMapping("/api/v1/host")
class HostApiController {

    private final HostOverview overview;

    HostApiController(HostOverview overview) {
        this.overview = overview;
    }

    @GetMapping
    @Operation(summary = "The host's cores, RAM and overcommit, and the live CPU and memory of the caller's powered-on VMs",
            description = "Totals count every powered-on VM; the list holds only the VMs of the caller's teams.")
    HostView get() {
        return overview.overview();
    }
}
