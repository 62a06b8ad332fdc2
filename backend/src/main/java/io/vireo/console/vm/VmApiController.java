package io.vireo.console.vm;

import java.net.URI;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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
import jakarta.validation.constraints.NotNull;

@RestController
@RequestMapping("/api/v1/vms")
class VmApiController {

    private final VmService vms;

    VmApiController(VmService vms) {
        this.vms = vms;
    }

    @GetMapping
    @Operation(summary = "List the VMs of the caller's teams", description = "Filter by name (q), team and state.")
    PageResponse<VmView> list(@RequestParam(required = false) String q, @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) PowerState state,
            @PageableDefault(size = 20, sort = "name", direction = Sort.Direction.ASC) Pageable pageable) {
        return PageResponse.of(vms.list(new VmFilter(q, teamId, state), pageable), VmView::of);
    }

    @GetMapping("/{id}")
    VmView get(@PathVariable Long id) {
        return VmView.of(vms.get(id));
    }

    @PostMapping
    @Operation(summary = "Create a VM", description = "Records the VM and queues a task that creates its files.")
    ResponseEntity<VmView> create(@Valid @RequestBody VmRequest request) {
        Vm vm = vms.create(request);
        return ResponseEntity.created(URI.create("/api/v1/vms/" + vm.getId())).body(VmView.of(vm));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Rename or resize a stopped VM")
    VmView update(@PathVariable Long id, @Valid @RequestBody VmUpdate update) {
        return VmView.of(vms.update(id, update));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable Long id) {
        vms.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/power")
    @Operation(summary = "Start, stop, reset, pause or resume a VM",
            description = "Answers 409 'Not yet available' until the console drives the hypervisor engine.")
    VmView power(@PathVariable Long id, @Valid @RequestBody PowerRequest request) {
        return VmView.of(vms.changePower(id, request.action()));
    }

    record PowerRequest(@NotNull PowerAction action) {
    }
}
