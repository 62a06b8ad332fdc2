package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.GuestTests;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.PowerState;

/**
 * A libvirt host on the machine's own daemon beside the embedded engine: an administrator adds it, a VM from the
 * tiny appliance is placed on it, boots under QEMU and answers what is typed on the console's serial view, powers
 * off; a domain destroyed with virsh behind the console's back shows stopped, with an event; maintenance and removal
 * keep VMs safe.
 */
@ExtendWith(LibvirtDaemon.class)
class LibvirtHostTest extends GuestTests {
    @Autowired
    Installation installation;
    private static final Duration BOOT = Duration.ofMinutes(3);

    @Test
    void aTinyVmOnALibvirtHostBootsPowersOffAndFollowsTheHost() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        Team team = fixtures.team();
        RequestPostProcessor operator = fixtures.signedIn(team, TeamRole.OWNER);
        mvc.perform(post("/api/v1/hosts").with(operator).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"not-mine\",\"uri\":\"qemu:///system\"}")).andExpect(status().isForbidden());

        long hostId = MachineHost.id(mvc, admin, "qemu-here");
        String host = mvc.perform(get("/api/v1/hosts/{id}", hostId).with(operator))
                .andExpect(jsonPath("$.state").value("CONNECTED"))
                .andExpect(jsonPath("$.guestArchitectures").value(hasItem("riscv64")))
                .andExpect(jsonPath("$.cpus").value(greaterThan(0)))
                .andExpect(jsonPath("$.memoryMib").value(greaterThan(0)))
                .andReturn().getResponse().getContentAsString();
        int vmsBefore = JsonPath.<Number>read(host, "$.vmCount").intValue();
        mvc.perform(get("/api/v1/hosts").with(operator))
                .andExpect(jsonPath("$[0].name").value("local"))
                .andExpect(jsonPath("$[0].id").value(nullValue()))
                .andExpect(jsonPath("$[?(@.id == " + hostId + ")].arch").value(hasItem("x86_64")));

        long vmId = createOn(operator, team, hostId, Fixtures.unique("tiny"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorded(vmId) == PowerState.STOPPED);
        mvc.perform(get("/api/v1/hosts/{id}", hostId).with(operator))
                .andExpect(jsonPath("$.vmCount").value(vmsBefore + 1));

        guest.power(operator, vmId, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        assertThat(MachineHost.virsh("domstate", installation.domainNames().of(vmId))).as("the VM runs in the host's QEMU, not the engine")
                .contains("running");
        guest.awaitSerial(operator, vmId, "VIREO-READY", BOOT);
        String token = Fixtures.unique("hi");
        guest.type(operator, vmId, "echo " + token + "-$((6*7))\n");
        guest.awaitSerial(operator, vmId, token + "-42", Duration.ofSeconds(60));
        guest.power(operator, vmId, "STOP");
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.STOPPED);
        mvc.perform(get("/api/v1/vms/{id}/events", vmId).with(operator))
                .andExpect(jsonPath("$[0].message").value("stopped: powered off"));

        guest.power(operator, vmId, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.RUNNING);
        MachineHost.virsh("destroy", installation.domainNames().of(vmId));
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.STOPPED);
        mvc.perform(get("/api/v1/vms/{id}/events", vmId).with(operator)).andExpect(jsonPath("$[0].message")
                .value("stopped: its domain was destroyed on host qemu-here outside the console"));

        mvc.perform(put("/api/v1/hosts/{id}/maintenance", hostId).with(admin).with(csrf()))
                .andExpect(jsonPath("$.state").value("MAINTENANCE"));
        mvc.perform(post("/api/v1/vms").with(operator).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(vmJson(team, hostId, Fixtures.unique("late"))))
                .andExpect(status().isBadRequest());
        mvc.perform(delete("/api/v1/hosts/{id}/maintenance", hostId).with(admin).with(csrf()))
                .andExpect(jsonPath("$.state").value("CONNECTED"));
        mvc.perform(delete("/api/v1/hosts/{id}", hostId).with(admin).with(csrf())).andExpect(status().isConflict());
    }

    @Test
    void aHostThatCannotBeReachedIsAddedUnreachableWithWhyTakesNoVmAndGoesWhenRemoved() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        Team team = fixtures.team();
        String added = mvc.perform(post("/api/v1/hosts").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"gone\",\"uri\":\"qemu+ssh://vireo@no-such-host.invalid/system\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.state").value("UNREACHABLE"))
                .andExpect(jsonPath("$.error").isNotEmpty())
                .andReturn().getResponse().getContentAsString();
        long hostId = JsonPath.<Number>read(added, "$.id").longValue();
        mvc.perform(post("/api/v1/vms").with(fixtures.signedIn(team, TeamRole.OWNER)).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(vmJson(team, hostId, Fixtures.unique("nowhere"))))
                .andExpect(status().isBadRequest());
        assertThat(vms.findByTeamId(team.getId())).as("nothing is recorded for a VM refused its host").isEmpty();
        mvc.perform(post("/api/v1/hosts").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"evil\",\"uri\":\"qemu+ssh://host/system?command=/bin/sh\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(delete("/api/v1/hosts/{id}", hostId).with(admin).with(csrf())).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/hosts/{id}", hostId).with(admin)).andExpect(status().isNotFound());
    }

    @Test
    void aStoppedVmMigratesToTheEngineAndBackAndBootsWhereItIs() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        Team team = fixtures.team();
        RequestPostProcessor operator = fixtures.signedIn(team, TeamRole.OWNER);
        long hostId = MachineHost.id(mvc, admin, "qemu-here");
        int vmsBefore = JsonPath.<Number>read(mvc.perform(get("/api/v1/hosts/{id}", hostId).with(operator))
                .andReturn().getResponse().getContentAsString(), "$.vmCount").intValue();
        long vmId = createOn(operator, team, hostId, Fixtures.unique("mover"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorded(vmId) == PowerState.STOPPED);

        mvc.perform(post("/api/v1/vms/{id}/migrate", vmId).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"hostId\":null}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.host").value(not("qemu-here")));
        mvc.perform(get("/api/v1/hosts/{id}", hostId).with(operator))
                .andExpect(jsonPath("$.vmCount").value(vmsBefore));
        guest.power(operator, vmId, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        guest.awaitSerial(operator, vmId, "VIREO-READY", BOOT);
        assertThat(MachineHost.domainExists(installation.domainNames().of(vmId))).as("the engine runs it, not the host").isFalse();
        mvc.perform(post("/api/v1/vms/{id}/migrate", vmId).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"hostId\":" + hostId + "}"))
                .andExpect(status().isConflict());
        guest.power(operator, vmId, "STOP");
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.STOPPED);

        mvc.perform(post("/api/v1/vms/{id}/migrate", vmId).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"hostId\":" + hostId + "}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.host").value("qemu-here"));
        mvc.perform(get("/api/v1/hosts/{id}", hostId).with(operator))
                .andExpect(jsonPath("$.vmCount").value(vmsBefore + 1));
        guest.power(operator, vmId, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        assertThat(MachineHost.virsh("domstate", installation.domainNames().of(vmId))).contains("running");
        guest.awaitSerial(operator, vmId, "VIREO-READY", BOOT);
        guest.power(operator, vmId, "STOP");
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.STOPPED);
        mvc.perform(get("/api/v1/vms/{id}/events", vmId).with(operator)).andExpect(jsonPath("$[*].message")
                .value(hasItem("moved from host local to host qemu-here")));
    }

    private long createOn(RequestPostProcessor who, Team team, long hostId, String name) throws Exception {
        String created = mvc.perform(post("/api/v1/vms").with(who).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(vmJson(team, hostId, name)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JsonPath.<Number>read(created, "$.id").longValue();
    }

    private String vmJson(Team team, long hostId, String name) {
        return "{\"name\":\"" + name + "\",\"teamId\":" + team.getId() + ",\"vcpus\":1,\"memoryMib\":256,"
                + "\"bootSource\":\"TEMPLATE\",\"templateId\":" + fixtures.tinyTemplate() + ",\"hostId\":" + hostId + "}";
    }

    private PowerState recorded(long vmId) {
        return vms.findById(vmId).orElseThrow().getPowerState();
    }
}
