package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTests;
import io.vireo.console.Fixtures;
import io.vireo.console.vm.Vm;

/**
 * Placing VMs on the machine's own libvirt daemon beside the embedded engine: the hosts list tells each host's use,
 * the New VM form offers the host with what it has free and puts the VM there, and the scheduler places a VM when
 * asked (placement AUTO) or answers why no host can take it.
 */
@ExtendWith(LibvirtDaemon.class)
class HostPlacementTest extends ConsoleTests {
    private static final String HOST = "qemu-here";

    private long hostId;
    private String hostName;

    @BeforeEach
    void machineHostAndATeam() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        hostId = MachineHost.id(mvc, admin, HOST);
        hostName = JsonPath.read(mvc.perform(get("/api/v1/hosts/{id}", hostId).with(admin)).andReturn().getResponse()
                .getContentAsString(), "$.name");
        newTeamWithOwner(false);
    }

    @Test
    void theHostsListTellsEachHostsUse() throws Exception {
        mvc.perform(get("/api/v1/hosts/{id}", hostId).with(owner))
                .andExpect(jsonPath("$.state").value("CONNECTED"))
                .andExpect(jsonPath("$.usage.freeMemoryMib").value(greaterThan(0)))
                .andExpect(jsonPath("$.usage.vmVcpus").isNumber())
                .andExpect(jsonPath("$.usage.vmMemoryMib").isNumber());
        mvc.perform(get("/api/v1/hosts").with(owner))
                .andExpect(jsonPath("$[0].name").value("local"))
                .andExpect(jsonPath("$[0].usage.freeMemoryMib").value(greaterThan(0)));
        mvc.perform(get("/admin/hosts").with(fixtures.signedInAdmin()))
                .andExpect(content().string(containsString("Free memory")))
                .andExpect(content().string(containsString(" MiB</td>")));
    }

    @Test
    void aVmCreatedOnTheFormWithAPickedHostLandsThere() throws Exception {
        mvc.perform(get("/vms/new").with(owner)).andExpect(status().isOk())
                .andExpect(content().string(containsString("<option value=\"AUTO\">Automatic")))
                .andExpect(content().string(containsString(
                        "<option value=\"local\" selected=\"selected\">local (embedded engine)")))
                .andExpect(content().string(containsString("<option value=\"" + hostId + "\">" + hostName + ": ")))
                .andExpect(content().string(containsString(" MiB free</option>")));

        String name = Fixtures.unique("picked");
        String page = mvc.perform(post("/vms").with(owner).with(csrf()).param("name", name)
                        .param("teamId", team.getId().toString()).param("vcpus", "1").param("memoryMib", "256")
                        .param("bootSource", "TEMPLATE").param("templateId", fixtures.template(team).getId().toString())
                        .param("host", Long.toString(hostId)))
                .andExpect(redirectedUrlPattern("/vms/*")).andReturn().getResponse().getRedirectedUrl();
        Vm vm = vms.findByTeamId(team.getId()).stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
        assertThat(vm.getHost()).isEqualTo(hostName);
        mvc.perform(get("/api/v1/vms/{id}", vm.getId()).with(owner)).andExpect(jsonPath("$.host").value(hostName));
        mvc.perform(get(page).with(owner)).andExpect(content().string(containsString("<dd>" + hostName + "</dd>")));

        mvc.perform(post("/vms").with(owner).with(csrf()).param("name", Fixtures.unique("too-big"))
                        .param("teamId", team.getId().toString()).param("vcpus", "1").param("memoryMib", "1048576")
                        .param("bootSource", "TEMPLATE").param("templateId", fixtures.template(team).getId().toString())
                        .param("host", "AUTO"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No host can take a VM of 1 vCPUs and 1048576 MiB")))
                .andExpect(content().string(containsString("<option value=\"AUTO\" selected=\"selected\">")));
    }

    @Test
    void theSchedulerPlacesAVmOrSaysWhyNoHostCanTakeIt() throws Exception {
        String placed = mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(vmJson(Fixtures.unique("auto"), 256, ",\"placement\":\"AUTO\"")))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<String>read(placed, "$.host")).isIn(List.of(hostName, localName()));

        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(vmJson(Fixtures.unique("huge"), 1048576, ",\"placement\":\"AUTO\"")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("placement"))
                .andExpect(jsonPath("$.detail").value(containsString("No host can take a VM of 1 vCPUs and 1048576 MiB")))
                .andExpect(jsonPath("$.detail").value(containsString("local: has ")))
                .andExpect(jsonPath("$.detail").value(containsString(hostName + ": has ")));
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(vmJson(Fixtures.unique("both"), 256, ",\"placement\":\"AUTO\",\"hostId\":" + hostId)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("hostId"));
    }

    /** The name VMs on the embedded engine show as their host. */
    private String localName() throws Exception {
        String created = mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(vmJson(Fixtures.unique("here"), 256, ""))).andReturn().getResponse().getContentAsString();
        return JsonPath.read(created, "$.host");
    }

    private String vmJson(String name, long memoryMib, String placement) {
        return "{\"name\":\"" + name + "\",\"teamId\":" + team.getId() + ",\"vcpus\":1,\"memoryMib\":" + memoryMib
                + ",\"bootSource\":\"TEMPLATE\",\"templateId\":" + fixtures.template(team).getId() + placement + "}";
    }
}
