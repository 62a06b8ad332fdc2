package io.vireo.console.hosts;

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

@RestController
@RequestMapping("/api/v1/hosts")
class HostsApiController {

    private final HostService hosts;

    HostsApiController(HostService hosts) {
        this.hosts = hosts;
    }

    @GetMapping
    @Operation(summary = "Every host, the embedded engine (local) first")
    List<HostView> list() {
        return hosts.list();
    }

    @GetMapping(value = "/ssh-key", produces = "text/plain")
    @Operation(summary = "The console's public SSH key (admins)", description = "Add it to the authorized_keys of"
            + " the user a qemu+ssh host's URI names, then add the host. The private key never leaves the console.")
    String sshKey() {
        return hosts.sshPublicKey() + "\n";
    }

    @GetMapping("/{id}")
    HostView get(@PathVariable Long id) {
        return hosts.get(id);
    }

    @PostMapping
    @Operation(summary = "Add a libvirt host (admins)", description = "Connects at once; a host that cannot be"
            + " reached is added all the same, UNREACHABLE with the reason, and the console keeps trying.")
    ResponseEntity<HostView> add(@Valid @RequestBody HostRequest request) {
        Host host = hosts.add(request);
        return ResponseEntity.created(URI.create("/api/v1/hosts/" + host.getId())).body(hosts.get(host.getId()));
    }

    @PutMapping("/{id}/maintenance")
    @Operation(summary = "Put a host in maintenance (admins): it keeps its VMs but takes no new ones")
    HostView enterMaintenance(@PathVariable Long id) {
        return hosts.get(hosts.setMaintenance(id, true).getId());
    }

    @DeleteMapping("/{id}/maintenance")
    @Operation(summary = "Take a host out of maintenance (admins)")
    HostView leaveMaintenance(@PathVariable Long id) {
        return hosts.get(hosts.setMaintenance(id, false).getId());
    }

    @PutMapping("/{id}/ssh-host-key")
    @Operation(summary = "Trust the SSH host key a qemu+ssh host presents now (admins)", description = "For a host"
            + " whose key could not be fetched when it was added, or whose key changed (it is then UNREACHABLE): the"
            + " console fetches the key, shows its fingerprint in sshHostKeyFingerprint and reconnects with it.")
    HostView trustSshHostKey(@PathVariable Long id) {
        return hosts.get(hosts.trustSshHostKey(id).getId());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Remove a host that holds no VM (admins); its daemon and domains are left alone")
    ResponseEntity<Void> remove(@PathVariable Long id) {
        hosts.remove(id);
        return ResponseEntity.noContent().build();
    }
}
