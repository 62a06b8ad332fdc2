package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.FakeEngineTests;
import io.vireo.console.Fixtures;
import io.vireo.console.engine.FakeHostDriver;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * Suspend and resume against a host that changes state on command: the saved state in the VM's folder is what
 * makes it suspended, also after the console restarts; whatever drops it asks for confirmation first, and a
 * viewer can do none of it. {@link VmSuspendGuestTest} suspends and resumes a booted guest.
 */
class VmSuspendTest extends FakeEngineTests {
    private static final Duration SOON = Duration.ofSeconds(10);

    @Autowired
    InventoryReconciler reconciler;

    Team team;
    RequestPostProcessor operator;
    Vm vm;
    Path saved;

    @BeforeEach
    void aRunningVmAndItsOperator() {
        team = fixtures.team();
        operator = fixtures.signedIn(team, TeamRole.OPERATOR);
        vm = fixtures.runningVm(team);
        saved = fixtures.folderOf(vm).resolve("suspended");
        // The record follows the engine's event a moment later; a change made meanwhile would race it.
        awaitRecorded(PowerState.RUNNING);
    }

    @Test
    void aSuspendedVmHoldsNothingOnTheHostAndResumesFromItsFolderWhichThenGoes() throws Exception {
        power("SUSPEND").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("SUSPENDED"));
        awaitRecorded(PowerState.SUSPENDED);
        assertThat(saved.resolve(FakeHostDriver.STATE_FILE)).exists();
        assertThat(host.state(vm.getId())).as("the host holds no suspended VM")
                .isEqualTo(RuntimeState.OFF);
        mvc.perform(get("/vms/{id}", vm.getId()).with(operator))
                .andExpect(content().string(containsString(">Resume</button>")))
                .andExpect(content().string(containsString("Power off (discard saved state)")));

        power("RESUME").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("RUNNING"));
        awaitRecorded(PowerState.RUNNING);
        assertThat(saved).doesNotExist();
    }

    @Test
    void thePageSuspendsTakesASnapshotWithMemoryAndPowersASuspendedVmOffOnceConfirmed() throws Exception {
        mvc.perform(get("/vms/{id}", vm.getId()).with(operator))
                .andExpect(content().string(containsString(">Suspend</button>")))
                .andExpect(content().string(containsString("name=\"includeMemory\"")));
        mvc.perform(post("/vms/{id}/snapshots", vm.getId()).param("name", "page-memory").param("includeMemory", "true")
                .with(operator).with(csrf())).andExpect(status().is3xxRedirection());
        Awaitility.await().atMost(SOON).untilAsserted(() -> mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.getId())
                .with(operator)).andExpect(jsonPath("$[0].withMemory").value(true)));

        mvc.perform(post("/vms/{id}/power", vm.getId()).param("action", "SUSPEND").with(operator).with(csrf()))
                .andExpect(status().is3xxRedirection());
        awaitRecorded(PowerState.SUSPENDED);
        mvc.perform(post("/vms/{id}/power", vm.getId()).param("action", "STOP").with(operator).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(recordedState()).as("not confirmed").isEqualTo(PowerState.SUSPENDED);
        assertThat(saved.resolve(FakeHostDriver.STATE_FILE)).exists();
        mvc.perform(post("/vms/{id}/power", vm.getId()).param("action", "STOP").param("discardSavedState", "true")
                .with(operator).with(csrf())).andExpect(status().is3xxRedirection());
        awaitRecorded(PowerState.STOPPED);
        assertThat(saved).doesNotExist();
    }

    @Test
    void poweringOnASuspendedVmResumesIt() throws Exception {
        suspend();
        power("START").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("RUNNING"));
        awaitRecorded(PowerState.RUNNING);
        assertThat(saved).doesNotExist();
    }

    @Test
    void aViewerCanNeitherSuspendNorResume() throws Exception {
        RequestPostProcessor viewer = fixtures.signedIn(team, TeamRole.VIEWER);
        power(viewer, "SUSPEND").andExpect(status().isForbidden());
        assertThat(saved).doesNotExist();
        suspend();
        power(viewer, "RESUME").andExpect(status().isForbidden());
        assertThat(recordedState()).isEqualTo(PowerState.SUSPENDED);
    }

    @Test
    void afterARestartTheFolderSaysWhetherTheVmIsSuspended() throws Exception {
        suspend();
        recordAs(vm, PowerState.STOPPED);
        reconciler.run(null);
        assertThat(recordedState()).as("a whole saved state in the folder").isEqualTo(PowerState.SUSPENDED);

        Files.delete(saved.resolve(FakeHostDriver.STATE_FILE));
        reconciler.run(null);
        assertThat(recordedState()).as("a damaged state stays for the user to discard").isEqualTo(PowerState.SUSPENDED);
        power("RESUME").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("cannot resume from its saved state")));
        assertThat(saved.resolve(FakeHostDriver.MEMORY_FILE)).as("a failed resume leaves the files").exists();

        Files.delete(saved.resolve(FakeHostDriver.MEMORY_FILE));
        Files.delete(saved);
        reconciler.run(null);
        assertThat(recordedState()).as("no saved state left").isEqualTo(PowerState.STOPPED);
    }

    @Test
    void poweringASuspendedVmOffDiscardsItsStateOnlyWhenConfirmed() throws Exception {
        suspend();
        power("STOP").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("discardSavedState=true")));
        assertThat(saved.resolve(FakeHostDriver.STATE_FILE)).exists();

        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"STOP\",\"discardSavedState\":true}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("STOPPED"));
        awaitRecorded(PowerState.STOPPED);
        assertThat(saved).doesNotExist();
    }

    @Test
    void deletingASuspendedVmNeedsConfirmation() throws Exception {
        suspend();
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        mvc.perform(delete("/api/v1/vms/{id}", vm.getId()).with(owner).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("discards its saved state")));
        assertThat(saved.resolve(FakeHostDriver.STATE_FILE)).exists();

        mvc.perform(delete("/api/v1/vms/{id}", vm.getId()).param("discardSavedState", "true").with(owner).with(csrf()))
                .andExpect(status().isNoContent());
        assertThat(saved).doesNotExist();
        assertThat(vms.findById(vm.getId())).isEmpty();
    }

    @Test
    void revertingASuspendedVmNeedsConfirmation() throws Exception {
        Long snapshot = fixtures.snapshot(vm).getId();
        suspend();
        revert(snapshot, false).andExpect(status().isConflict());
        assertThat(saved.resolve(FakeHostDriver.STATE_FILE)).exists();

        awaitTask(revert(snapshot, true));
        assertThat(saved).doesNotExist();
        assertThat(recordedState()).isEqualTo(PowerState.STOPPED);
    }

    @Test
    void theHardwareOfASuspendedVmStaysAsItsStateHasIt() throws Exception {
        suspend();
        mvc.perform(put("/api/v1/vms/{id}", vm.getId()).with(fixtures.signedIn(team, TeamRole.OWNER)).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + vm.getName() + "\",\"vcpus\":2,\"memoryMib\":512}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("is suspended: its saved state belongs to")));
    }

    @Test
    void aSnapshotWithMemoryBringsTheVmBackRunningAndTakesItsFolderWhenDeleted() throws Exception {
        Long snapshot = takeSnapshot(true);
        String tree = mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.getId()).with(operator))
                .andExpect(jsonPath("$[0].withMemory").value(true)).andReturn().getResponse().getContentAsString();
        assertThat(tree).contains("\"id\":" + snapshot);
        Path memory = memoryFolder();
        assertThat(memory.resolve(FakeHostDriver.MEMORY_FILE)).exists();

        awaitTask(revert(snapshot, false, true));
        awaitRecorded(PowerState.RUNNING);
        assertThat(memory.resolve(FakeHostDriver.MEMORY_FILE)).as("the snapshot stays reusable").exists();

        mvc.perform(get("/vms/{id}", vm.getId()).with(operator))
                .andExpect(content().string(containsString("with memory")));
        awaitTask(mvc.perform(delete("/api/v1/vms/{id}/snapshots/{s}", vm.getId(), snapshot).with(operator)
                .with(csrf())));
        assertThat(memory).doesNotExist();
    }

    @Test
    void consolidatingTakesTheMemoryOfEverySnapshotWithIt() throws Exception {
        takeSnapshot(true);
        Path memory = memoryFolder();
        power("STOP").andExpect(status().isOk());
        awaitRecorded(PowerState.STOPPED);
        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots/consolidate", vm.getId()).with(operator).with(csrf())));
        assertThat(memory).doesNotExist();
    }

    @Test
    void onlyARunningVmsMemoryIsSaved() throws Exception {
        power("STOP").andExpect(status().isOk());
        awaitRecorded(PowerState.STOPPED);
        mvc.perform(post("/api/v1/vms/{id}/snapshots", vm.getId()).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"mem\",\"includeMemory\":true}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("Only a running VM's memory")));
    }

    /** The folder of the one snapshot taken with memory. */
    private Path memoryFolder() throws IOException {
        try (Stream<Path> files = Files.list(fixtures.folderOf(vm))) {
            return files.filter(p -> p.getFileName().toString().startsWith("snapshot-memory-")).findFirst().orElseThrow();
        }
    }

    private void suspend() throws Exception {
        power("SUSPEND").andExpect(status().isOk());
        awaitRecorded(PowerState.SUSPENDED);
    }

    private Long takeSnapshot(boolean memory) throws Exception {
        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots", vm.getId()).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + Fixtures.unique("snap") + "\",\"includeMemory\":" + memory + "}")));
        String view = mvc.perform(get("/api/v1/vms/{id}", vm.getId()).with(operator)).andReturn().getResponse()
                .getContentAsString();
        return JsonPath.<Number>read(view, "$.currentSnapshotId").longValue();
    }

    private ResultActions revert(Long snapshot, boolean discard) throws Exception {
        return revert(snapshot, false, discard);
    }

    private ResultActions revert(Long snapshot, boolean stop, boolean discard) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/snapshots/{s}/revert", vm.getId(), snapshot)
                .param("stop", String.valueOf(stop || discard)).param("discardSavedState", String.valueOf(discard))
                .with(operator).with(csrf()));
    }

    private void awaitTask(ResultActions request) throws Exception {
        String body = request.andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        fixtures.awaitSucceeded(JsonPath.<Number>read(body, "$.id").longValue());
    }

    private ResultActions power(String action) throws Exception {
        return power(operator, action);
    }

    private ResultActions power(RequestPostProcessor who, String action) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(who).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"" + action + "\"}"));
    }

    private void recordAs(Vm target, PowerState state) {
        Vm recorded = vms.findById(target.getId()).orElseThrow();
        recorded.powerChanged(state, Instant.now());
        vms.saveAndFlush(recorded);
    }

    private PowerState recordedState() {
        return vms.findById(vm.getId()).orElseThrow().getPowerState();
    }

    private void awaitRecorded(PowerState state) {
        Awaitility.await().atMost(SOON).until(() -> recordedState() == state);
    }
}
