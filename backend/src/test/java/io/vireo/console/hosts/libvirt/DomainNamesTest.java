package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DomainNamesTest {
    private static final String MINE = "0a1b2c3d";

    @AfterEach
    void backToTheDefault() {
        DomainNames.useInstallation("00000000");
    }

    @Test
    void aConsoleTakesOnlyTheDomainsOfItsOwnInstallationForItsVms() {
        DomainNames.useInstallation("ffee0011");
        String theirs = DomainNames.of(2L);
        DomainNames.useInstallation(MINE);

        assertThat(DomainNames.of(2L)).isEqualTo("vireo-0a1b2c3d-2");
        assertThat(DomainNames.vmId("vireo-0a1b2c3d-2")).contains(2L);
        assertThat(DomainNames.vmId(theirs)).as("another console's VM 2 on the same host").isEmpty();
        assertThat(DomainNames.vmId("vireo-2")).isEmpty();
        assertThat(DomainNames.vmId("vireo-0a1b2c3d-02")).isEmpty();
        assertThatThrownBy(() -> DomainNames.useInstallation("../x")).isInstanceOf(IllegalArgumentException.class);
    }
}
