package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.FakeEngineTests;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * A VM's CPU shares and cap are validated, saved with it and its vm.conf, and given to it at once while it
 * runs; its memory changes while it runs, within its configured memory.
 */
class VmCpuAndMemoryTest extends FakeEngineTests {

    @Autowired
    VmPowerService power;

    Team team;
    Vm vm;

    @BeforeEach
    void aVm() {
        team = fixtures.team();
        vm = fixtures.vm(team);
    }

    private ResultActions cpu(RequestPostProcessor who, String body) throws Exception {
        return mvc.perform(put("/api/v1/vms/{id}/cpu", vm.getId()).with(who).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions memory(RequestPostProcessor who, long mib) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/memory", vm.getId()).with(who).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"memoryMib\":" + mib + "}"));
    }

    /** Powers the VM on and waits until the inventory recorded it, so no change races that update. */
    private void powerOn() {
        fixtures.asAdmin(() -> power.changePower(vm.getId(), PowerAction.START, null));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> vms.findById(vm.getId()).orElseThrow().getPowerState() == PowerState.RUNNING);
    }

    @Test
    void sharesAndCapAreValidatedSavedInVmConfAndGivenToTheRunningVm() throws Exception {
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        mvc.perform(get("/api/v1/vms/{id}/cpu", vm.getId()).with(owner))
                .andExpect(jsonPath("$.shares").value(1000)).andExpect(jsonPath("$.capPercent").value(0));
        cpu(owner, "{\"shares\":5,\"capPercent\":0}").andExpect(status().isBadRequest());
        cpu(owner, "{\"shares\":1000,\"capPercent\":101}").andExpect(status().isBadRequest());
        cpu(fixtures.signedIn(team, TeamRole.OPERATOR), "{\"shares\":2000,\"capPercent\":25}")
                .andExpect(status().isForbidden());

        cpu(owner, "{\"shares\":2000,\"capPercent\":25}").andExpect(status().isOk())
                .andExpect(jsonPath("$.shares").value(2000));
        assertThat(Files.readString(fixtures.folderOf(vm).resolve("vm.conf")))
                .contains("cpu_shares = 2000").contains("cpu_cap_percent = 25");
        powerOn();
        assertThat(host.lastLaunch(vm.getId()).orElseThrow().cpuShares()).isEqualTo(2000);
        assertThat(host.lastLaunch(vm.getId()).orElseThrow().cpuCapPercent()).isEqualTo(25);

        cpu(owner, "{\"shares\":500,\"capPercent\":0}").andExpect(status().isOk());
        assertThat(host.cpuAllocation(vm.getId())).contains(List.of(500, 0));
        mvc.perform(get("/vms/{id}", vm.getId()).with(owner)).andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"500\"")));
    }

    @Test
    void aRunningVmsMemoryChangesWithinItsConfiguredMemory() throws Exception {
        RequestPostProcessor operator = fixtures.signedIn(team, TeamRole.OPERATOR);
        memory(operator, 256).andExpect(status().isConflict());
        powerOn();

        memory(operator, 256).andExpect(status().isAccepted());
        mvc.perform(get("/api/v1/host").with(operator))
                .andExpect(jsonPath("$.vms[0].load.memoryTargetMib").value(256))
                .andExpect(jsonPath("$.vms[0].load.memoryMib").value(512));
        memory(operator, 1024).andExpect(status().isBadRequest());
        memory(operator, 32).andExpect(status().isBadRequest());
        memory(fixtures.signedIn(team, TeamRole.VIEWER), 300).andExpect(status().isForbidden());
    }
}
