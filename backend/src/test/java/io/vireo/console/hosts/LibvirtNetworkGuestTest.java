package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.GuestTests;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.PowerState;

/**
 * A VM on a libvirt host of this machine and a VM on the embedded engine on the same network: QEMU's card joins the
 * console's own virtual switch, so the libvirt VM leases an address from the network's DHCP server (shown with its
 * counters like any VM's), and the engine's VM pings it.
 */
@ExtendWith(LibvirtDaemon.class)
class LibvirtNetworkGuestTest extends GuestTests {
    private static final Duration BOOT = Duration.ofMinutes(4);

    @Test
    void aLibvirtVmAndAnEngineVmShareANetworkAndPingEachOther() throws Exception {
        Team team = fixtures.team();
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        long hostId = MachineHost.id(mvc, fixtures.signedInAdmin(), "qemu-here");
        long network = fixtures.defaultNetwork().getId();
        String onHost = create(owner, team, Fixtures.unique("lv-net"), ",\"hostId\":" + hostId, network);
        String onEngine = create(owner, team, Fixtures.unique("engine-net"), "", network);
        long libvirtVm = JsonPath.<Number>read(onHost, "$.id").longValue();
        long libvirtNic = JsonPath.<Number>read(onHost, "$.nics[0].id").longValue();
        long engineVm = JsonPath.<Number>read(onEngine, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> stopped(libvirtVm) && stopped(engineVm));

        String started = mvc.perform(post("/api/v1/vms/{id}/power", libvirtVm).with(owner).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"))
                .andReturn().getResponse().getContentAsString();
        assertThat(started).as("powering on the VM on the libvirt host").contains("\"powerState\":\"RUNNING\"");
        guest.power(owner, engineVm, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        String address = Awaitility.await().atMost(BOOT).pollInterval(Duration.ofSeconds(2)).until(() ->
                JsonPath.<String>read(mvc.perform(get("/api/v1/vms/{id}/nics/{nic}", libvirtVm, libvirtNic).with(owner))
                        .andReturn().getResponse().getContentAsString(), "$.status.address"),
                leased -> leased != null && leased.startsWith("10.0.2."));
        guest.awaitSerial(owner, engineVm, "VIREO-READY", BOOT);

        // The quotes keep the typed line, which the serial console echoes, from holding the marker itself.
        guest.type(owner, engineVm, "ping -c 3 -W 5 " + address + "; echo \"pinged\"-$?\n");
        assertThat(guest.awaitSerial(owner, engineVm, "pinged-", Duration.ofMinutes(1))).contains("pinged-0");
        mvc.perform(get("/api/v1/vms/{id}/nics/{nic}", libvirtVm, libvirtNic).with(owner))
                .andExpect(jsonPath("$.status.address").value(startsWith("10.0.2.")))
                .andExpect(jsonPath("$.status.rxFrames").value(greaterThan(0)))
                .andExpect(jsonPath("$.status.txFrames").value(greaterThan(0)));

        guest.power(owner, libvirtVm, "STOP");
        guest.power(owner, engineVm, "STOP");
        Awaitility.await().atMost(BOOT).until(() -> stopped(libvirtVm) && stopped(engineVm));
        mvc.perform(get("/api/v1/vms/{id}/nics/{nic}", libvirtVm, libvirtNic).with(owner))
                .andExpect(jsonPath("$.status").doesNotExist());
    }

    private String create(RequestPostProcessor who, Team team, String name, String host, long network)
            throws Exception {
        return mvc.perform(post("/api/v1/vms").with(who).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"teamId\":" + team.getId() + ",\"vcpus\":1,"
                                + "\"memoryMib\":256,\"bootSource\":\"TEMPLATE\",\"templateId\":"
                                + fixtures.tinyTemplate() + host + ",\"nics\":[{\"networkId\":" + network + "}]}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
    }

    private boolean stopped(long vmId) {
        return vms.findById(vmId).orElseThrow().getPowerState() == PowerState.STOPPED;
    }
}
