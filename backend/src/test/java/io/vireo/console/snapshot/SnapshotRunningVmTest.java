package io.vireo.console.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.FakeEngineTests;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.Vm;

/** A running VM's snapshot goes through the host, which moves the disk onto its new delta; consolidation waits. */
class SnapshotRunningVmTest extends FakeEngineTests {

    @Test
    void aRunningVmGoesOnFromTheNewDeltaAndIsNotConsolidatedWhileOn() throws Exception {
        Team team = fixtures.team();
        RequestPostProcessor operator = fixtures.signedIn(team, TeamRole.OPERATOR);
        Vm vm = fixtures.vm(team);
        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}")).andExpect(status().isOk());
        int reopened = host.reopenedDisks();

        String task = mvc.perform(post("/api/v1/vms/{id}/snapshots", vm.getId()).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"while-on\"}"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        fixtures.awaitSucceeded(JsonPath.<Number>read(task, "$.id").longValue());

        assertThat(host.reopenedDisks()).isEqualTo(reopened + 1);
        LaunchSpec.Disk disk = host.lastLaunch(vm.getId()).orElseThrow().disks().getFirst();
        assertThat(disk.file()).hasFileName("disk0-1.qcow2");
        assertThat(Files.isRegularFile(disk.file())).isTrue();
        mvc.perform(post("/api/v1/vms/{id}/snapshots/consolidate", vm.getId()).with(operator).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("Stop VM")));
    }

    @Test
    void anotherTeamsVmAnswersNotFound() throws Exception {
        Vm vm = fixtures.vm(fixtures.team());
        RequestPostProcessor stranger = fixtures.signedIn(fixtures.team(), TeamRole.OWNER);
        mvc.perform(post("/api/v1/vms/{id}/snapshots", vm.getId()).with(stranger).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"mine\"}")).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/vms/{id}/snapshots/consolidate", vm.getId()).with(stranger).with(csrf()))
                .andExpect(status().isNotFound());
    }
}
