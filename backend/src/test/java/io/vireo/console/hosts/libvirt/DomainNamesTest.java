package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DomainNamesTest {

    @Test
    void aConsoleTakesOnlyTheDomainsOfItsOwnInstallationForItsVms() {
        DomainNames mine = new DomainNames("0a1b2c3d");
        String theirs = new DomainNames("ffee0011").of(2L);

        assertThat(mine.of(2L)).isEqualTo("vireo-0a1b2c3d-2");
        assertThat(mine.vmId("vireo-0a1b2c3d-2")).contains(2L);
        assertThat(mine.vmId(theirs)).as("another console's VM 2 on the same host").isEmpty();
        assertThat(mine.vmId("vireo-2")).isEmpty();
        assertThat(mine.vmId("vireo-0a1b2c3d-02")).isEmpty();
        assertThatThrownBy(() -> new DomainNames("../x")).isInstanceOf(IllegalArgumentException.class);
    }
}
