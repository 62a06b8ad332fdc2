package io.vireo.console.vm;

import io.swagger.v3.oas.annotations.media.Schema;

/** A change to the disc in a VM's CD-ROM drive: an ISO image put in, or the disc ejected. */
public record CdromRequest(
        @Schema(description = "The ISO image to put in the drive (replacing the disc there)") Long imageId,
        @Schema(description = "true: take the disc out, leaving the drive empty") Boolean eject,
        @Schema(description = "true: change the disc even though the running guest locked the drive (it has the"
                + " disc mounted); the guest then gets read errors until it unmounts") Boolean force) {

    boolean ejects() {
        return Boolean.TRUE.equals(eject);
    }

    boolean forced() {
        return Boolean.TRUE.equals(force);
    }
}
