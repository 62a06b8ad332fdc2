package io.vireo.console.vm;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.MediaType;
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
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.vireo.console.api.PageResponse;
import io.vireo.console.engine.RuntimeStats;
import io.vireo.console.task.TaskView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

@RestController
@RequestMapping("/api/v1/vms")
class VmApiController {

    private final VmQueries vms;
    private final VmCreation creation;
    private final VmRegistration registration;
    private final VmChanges changes;
    private final VmPowerService power;
    private final VmDetails details;
    private final VmMigration migration;

    VmApiController(VmQueries vms, VmCreation creation, VmRegistration registration, VmChanges changes,
            VmPowerService power, VmDetails details, VmMigration migration) {
        this.migration = migration;
        this.vms = vms;
        this.creation = creation;
        this.registration = registration;
        this.changes = changes;
        this.power = power;
        this.details = details;
    }

    @GetMapping
    @Operation(summary = "List the VMs of the caller's teams", description = "Filter by name (q), team and state.")
    PageResponse<VmView> list(@RequestParam(required = false) String q, @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) PowerState state,
            @PageableDefault(size = 20, sort = "name", direction = Sort.Direction.ASC) Pageable pageable) {
        return PageResponse.of(vms.list(new VmFilter(q, teamId, state), pageable));
    }

    @GetMapping("/{id}")
    VmView get(@PathVariable Long id) {
        return vms.get(id);
    }

    @PostMapping
    @Operation(summary = "Create a VM", description = "Records the VM and queues a task that creates its files.")
    ResponseEntity<VmView> create(@Valid @RequestBody VmRequest request) {
        VmView vm = creation.create(request);
        return ResponseEntity.created(URI.create("/api/v1/vms/" + vm.id())).body(vm);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Rename or resize a stopped VM")
    VmView update(@PathVariable Long id, @Valid @RequestBody VmUpdate update) {
        return changes.update(id, update);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a VM and its folder", description = "A suspended VM's saved state goes with it:"
            + " confirm that with discardSavedState=true (409 otherwise).")
    ResponseEntity<Void> delete(@PathVariable Long id, @RequestParam(defaultValue = "false") boolean discardSavedState) {
        changes.delete(id, discardSavedState);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/power")
    @Operation(summary = "Power on, shut down, power off, reset, pause, suspend or resume a VM",
            description = "SHUTDOWN asks the guest (its power button) and powers it off after timeoutSeconds"
                    + " (default 60); it runs as a task. SUSPEND saves the VM's state and memory in its folder;"
                    + " RESUME (or START) continues a suspended VM. STOP on a suspended VM discards its saved state"
                    + " and needs discardSavedState=true (409 otherwise). The answer carries the state the engine is"
                    + " in now.")
    VmView power(@PathVariable Long id, @Valid @RequestBody PowerRequest request) {
        PowerState state = power.changePower(id, request.action(),
                request.timeoutSeconds() == null ? null : Duration.ofSeconds(request.timeoutSeconds()),
                Boolean.TRUE.equals(request.discardSavedState()));
        return vms.get(id).withPowerState(state);
    }

    @PostMapping("/{id}/migrate")
    @Operation(summary = "Move a stopped VM to another host", description = "hostId: a libvirt host's id, or null"
            + " for the embedded engine (local). The target must take new VMs and run the VM's architecture."
            + " Without datastoreId the VM's files stay where they are and the answer is the moved VM (200). With"
            + " datastoreId its folder (the whole disk chain) is copied there by a task, the answer (202): the VM is"
            + " BUSY meanwhile, changes host and datastore once the copy is whole, and the old folder is removed; a"
            + " failure leaves it on its old host and datastore.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "Moved, its files where they were",
                            content = @Content(schema = @Schema(implementation = VmView.class))),
                    @ApiResponse(responseCode = "202", description = "The task copying its files and moving it",
                            content = @Content(schema = @Schema(implementation = TaskView.class)))})
    ResponseEntity<?> migrate(@PathVariable Long id, @RequestBody MigrateRequest request) {
        if (request.datastoreId() == null) {
            return ResponseEntity.ok(migration.migrate(id, request.hostId()));
        }
        return ResponseEntity.accepted().body(migration.migrate(id, request.hostId(), request.datastoreId()));
    }

    @PostMapping("/register")
    @Operation(summary = "Register a VM from its folder in a datastore",
            description = "Reads the folder's vm.conf; the disks stay where they are. A VMware VM folder (a .vmx and"
                    + " its .vmdk files) is imported instead: the VM answers PROVISIONING while a task converts its"
                    + " disks into its own folder, and the VMware folder is left as it was.")
    ResponseEntity<VmView> register(@Valid @RequestBody RegisterRequest request) {
        VmView vm = registration.register(request);
        return ResponseEntity.created(URI.create("/api/v1/vms/" + vm.id())).body(vm);
    }

    @GetMapping("/{id}/events")
    @Operation(summary = "What happened to a VM, newest first: power changes and drift found at start-up")
    List<VmEventView> events(@PathVariable Long id) {
        return details.events(id);
    }

    @GetMapping("/{id}/stats")
    @Operation(summary = "A running VM's uptime, instructions per second and host CPU use over time, traps by cause",
            description = "Answers 204 when the VM is not powered on.")
    ResponseEntity<RuntimeStats> stats(@PathVariable Long id) {
        return details.stats(id).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
    }

    @GetMapping(value = "/{id}/screenshot", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "A PNG of a running VM's screen", description = "Answers 204 when there is no screen.")
    ResponseEntity<byte[]> screenshot(@PathVariable Long id) {
        return details.screenshot(id).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
    }

    record PowerRequest(@NotNull PowerAction action, @Min(0) @Max(1800) Integer timeoutSeconds,
            Boolean discardSavedState) {
    }
}
