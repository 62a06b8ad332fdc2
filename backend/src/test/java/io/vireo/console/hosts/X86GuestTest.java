package io.vireo.console.hosts;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
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
 * An x86-64 guest: once a connected libvirt host runs x86_64 the catalog offers the x86-64 tiny appliance; a VM
 * from it is an x86_64 VM, refused by the embedded engine with why, and boots on the libvirt host (a q35 machine
 * under QEMU) to its serial marker.
 */
@ExtendWith(LibvirtDaemon.class)
class X86GuestTest extends GuestTests {
    private static final Duration BOOT = Duration.ofMinutes(3);

    @Test
    void anX8664TinyVmRunsOnTheLibvirtHostAndNotOnTheEngine() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        Team team = fixtures.team();
        RequestPostProcessor operator = fixtures.signedIn(team, TeamRole.OWNER);
        long hostId = MachineHost.id(mvc, admin, "qemu-here");
        mvc.perform(get("/api/v1/hosts/{id}", hostId).with(operator))
                .andExpect(jsonPath("$.guestArchitectures").value(hasItem("x86_64")));
        mvc.perform(get("/api/v1/appliances").with(operator))
                .andExpect(jsonPath("$[*].entry.name").value(hasItem("tiny-x86_64")));
        Long template = fixtures.applianceTemplate("tiny-x86_64");

        mvc.perform(post("/api/v1/vms").with(operator).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(vmJson(team, template, Fixtures.unique("pc"), "")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("the embedded engine runs riscv64 guests only")));
        String created = mvc.perform(post("/api/v1/vms").with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(vmJson(team, template, Fixtures.unique("pc"), ",\"hostId\":" + hostId)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.architecture").value("X86_64"))
                .andReturn().getResponse().getContentAsString();
        long vmId = JsonPath.<Number>read(created, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorded(vmId) == PowerState.STOPPED);

        guest.power(operator, vmId, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        guest.awaitSerial(operator, vmId, "VIREO-READY", BOOT);
        guest.power(operator, vmId, "STOP");
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.STOPPED);
    }

    private static String vmJson(Team team, Long template, String name, String more) {
        return "{\"name\":\"" + name + "\",\"teamId\":" + team.getId() + ",\"vcpus\":1,\"memoryMib\":256,"
                + "\"bootSource\":\"TEMPLATE\",\"templateId\":" + template + more + "}";
    }

    private PowerState recorded(long vmId) {
        return vms.findById(vmId).orElseThrow().getPowerState();
    }
}
