package io.vireo.console.vm;

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

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

/** A VM's network cards and their port forwards. */
@RestController
@RequestMapping("/api/v1/vms/{id}/nics")
class VmNicApiController {

    private final VmNics nics;
    private final VmForwards forwards;

    VmNicApiController(VmNics nics, VmForwards forwards) {
        this.nics = nics;
        this.forwards = forwards;
    }

    @GetMapping
    @Operation(summary = "A VM's network cards", description = "While it runs, each with its link, the address its"
            + " network's DHCP server leased it and its counters (status); always with its port forwards.")
    List<NicView> list(@PathVariable Long id) {
        return nics.list(id);
    }

    @GetMapping("/{nicId}")
    NicView get(@PathVariable Long id, @PathVariable Long nicId) {
        return nics.get(id, nicId);
    }

    @PostMapping
    @Operation(summary = "Add a network card to a stopped VM", description = "The MAC is generated when left out.")
    ResponseEntity<NicView> add(@PathVariable Long id, @Valid @RequestBody NicRequest request) {
        NicView nic = nics.add(id, request);
        return ResponseEntity.created(URI.create("/api/v1/vms/" + id + "/nics/" + nic.nic().id())).body(nic);
    }

    @PutMapping("/{nicId}")
    @Operation(summary = "Change a stopped VM's network card", description = "Its network, MAC, VLAN, rate limit or"
            + " fixed address; its forwards stay.")
    NicView change(@PathVariable Long id, @PathVariable Long nicId, @Valid @RequestBody NicRequest request) {
        return nics.change(id, nicId, request);
    }

    @DeleteMapping("/{nicId}")
    @Operation(summary = "Remove a stopped VM's network card", description = "Its forwards go with it.")
    ResponseEntity<Void> remove(@PathVariable Long id, @PathVariable Long nicId) {
        nics.remove(id, nicId);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{nicId}/link")
    @Operation(summary = "Plug a network card's cable in or pull it", description = "At once while the VM runs (the"
            + " guest sees the link change), else at its next power-on.")
    NicView link(@PathVariable Long id, @PathVariable Long nicId, @Valid @RequestBody LinkRequest request) {
        return nics.link(id, nicId, request.up());
    }

    @PostMapping("/{nicId}/forwards")
    @Operation(summary = "Forward a host port to a port of the guest", description = "Applied at once while the VM"
            + " runs and at every power-on; a host port in use is refused (409). From 127.0.0.1 unless an"
            + " administrator names another address.")
    ResponseEntity<NicView.Forward> addForward(@PathVariable Long id, @PathVariable Long nicId,
            @Valid @RequestBody ForwardRequest request) {
        NicView.Forward forward = forwards.add(id, nicId, request);
        return ResponseEntity.created(URI.create("/api/v1/vms/" + id + "/nics/" + nicId + "/forwards/" + forward.id()))
                .body(forward);
    }

    @DeleteMapping("/{nicId}/forwards/{forwardId}")
    @Operation(summary = "Stop and remove a port forward")
    ResponseEntity<Void> removeForward(@PathVariable Long id, @PathVariable Long nicId, @PathVariable Long forwardId) {
        forwards.remove(id, nicId, forwardId);
        return ResponseEntity.noContent().build();
    }
}
