package io.vireo.console.vm;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

/** A VM's CD-ROM drive. */
@RestController
@RequestMapping("/api/v1/vms/{id}/cdrom")
class VmCdromApiController {

    private final VmCdrom cdrom;

    VmCdromApiController(VmCdrom cdrom) {
        this.cdrom = cdrom;
    }

    @GetMapping
    @Operation(summary = "The ISO image in a VM's CD-ROM drive", description = "imageId null: the drive is empty.")
    CdromView get(@PathVariable Long id) {
        return cdrom.get(id);
    }

    @PostMapping
    @Operation(summary = "Put an ISO image into a VM's CD-ROM drive, or eject the disc", description = "While the VM"
            + " is stopped, for its next power-on; while it runs, at once. A drive the guest locked (the disc is"
            + " mounted) answers 409 with forceable true; send force true to pull the disc out anyway.")
    CdromView change(@PathVariable Long id, @Valid @RequestBody CdromRequest request) {
        return cdrom.change(id, request);
    }
}
