package io.vireo.console.appliance;

import jakarta.validation.constraints.NotNull;

/**
 * Where a catalog OVA is deployed: the team the VM is for, the datastore (the first when left out), and whether the
 * package's license is accepted (left out: not).
 */
public record PackageDeployment(@NotNull Long teamId, Long datastoreId, Boolean acceptEula) {

    boolean licenseAccepted() {
        return Boolean.TRUE.equals(acceptEula);
    }
}
