package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Comparator;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.internal.VmEventRepository;
import io.vireo.console.vm.internal.VmRepository;

/** A VM is a set of files: its folder alone brings it back, and the console says when files and records differ. */
@ConsoleTest
class VmFolderTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    VmRepository vms;
    @Autowired
    VmEventRepository events;
    @Autowired
    InventoryReconciler reconciler;
    @Autowired
    VmCreation creation;

    Team team;
    RequestPostProcessor owner;

    @BeforeEach
    void ownerOfATeamWithTheDatastore() {
        team = fixtures.team();
        fixtures.grantDatastore(team);
        owner = user(fixtures.member(team, TeamRole.OWNER).getUsername());
    }

    @Test
    void aDeletedVmComesBackFromACopyOfItsFolder() throws Exception {
        VmView vm = fixtures.vm(team);
        Path folder = fixtures.folderOf(vm);
        Path kept = folder.resolveSibling("kept-" + vm.getId());
        copyTree(folder, kept);
        byte[] disk = Files.readAllBytes(kept.resolve("disk0.qcow2"));
        mvc.perform(delete("/api/v1/vms/{id}", vm.getId()).with(owner).with(csrf())).andExpect(status().isNoContent());
        assertThat(folder).doesNotExist();

        String body = "{\"datastoreId\":" + vm.datastoreId() + ",\"folder\":\"" + kept.getFileName()
                + "\",\"teamId\":" + team.getId() + "}";
        mvc.perform(post("/api/v1/vms/register").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value(vm.name()))
                .andExpect(jsonPath("$.powerState").value("STOPPED"))
                .andExpect(jsonPath("$.disks[0].file").value("disk0.qcow2"))
                .andExpect(jsonPath("$.nics[0].mac").value(vm.nics().getFirst().mac()));
        Vm back = vms.findByTeamId(team.getId()).getFirst();
        assertThat(kept).doesNotExist();
        assertThat(Files.readAllBytes(fixtures.folderOf(back).resolve("disk0.qcow2"))).isEqualTo(disk);
        assertThat(Files.readString(fixtures.folderOf(back).resolve("vm.conf"))).contains("name = " + vm.name());
    }

    @Test
    void aBrokenConfigurationIsExplainedAndNothingIsRegistered() throws Exception {
        VmView vm = fixtures.vm(team);
        Path copy = fixtures.folderOf(vm).resolveSibling("broken-" + vm.getId());
        copyTree(fixtures.folderOf(vm), copy);
        Files.writeString(copy.resolve("vm.conf"), Files.readString(copy.resolve("vm.conf"))
                .replace("vcpus = 1", "vcpus = lots"));
        String body = "{\"datastoreId\":" + vm.datastoreId() + ",\"folder\":\"" + copy.getFileName()
                + "\",\"teamId\":" + team.getId() + "}";
        mvc.perform(post("/api/v1/vms/register").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("\"vcpus\" must be a whole number")));
        String escape = "{\"datastoreId\":" + vm.datastoreId() + ",\"folder\":\"../../..\",\"teamId\":"
                + team.getId() + "}";
        mvc.perform(post("/api/v1/vms/register").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(escape))
                .andExpect(status().isBadRequest());
        assertThat(vms.findByTeamId(team.getId())).hasSize(1);
        assertThat(copy.resolve("vm.conf")).exists();
    }

    @Test
    void aNewVmNeverWritesIntoAFolderThatIsAlreadyThere() throws Exception {
        VmView first = fixtures.vm(team);
        Path squatted = fixtures.folderOf(first).resolveSibling("vm-" + (first.getId() + 1));
        Files.createDirectories(squatted);
        Files.writeString(squatted.resolve("vm.conf"), "name = someone-else\n");

        VmView second = fixtures.asAdmin(() -> creation.create(new VmRequest(Fixtures.unique("late"), null, team.getId(),
                1, 512L, BootSource.DISK, null, null, first.datastoreId(),
                List.of(new VmRequest.DiskRequest(1L, null)), List.of())));
        assertThat(second.getId()).isEqualTo(first.getId() + 1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> fixtures.createTaskOf(second).getState().isFinal());
        assertThat(fixtures.createTaskOf(second).getFailureReason()).contains("already holds a folder");
        assertThat(vms.findById(second.getId()).orElseThrow().getPowerState()).isEqualTo(PowerState.ERROR);
        assertThat(Files.readString(squatted.resolve("vm.conf"))).isEqualTo("name = someone-else\n");
        assertThat(squatted.resolve("disk0.qcow2")).doesNotExist();
    }

    @Test
    void aVmRecordedRunningWhenTheConsoleStartsIsShownStoppedWithTheReason() throws Exception {
        VmView vm = fixtures.vm(team);
        Vm recorded = vms.findById(vm.getId()).orElseThrow();
        recorded.powerChanged(PowerState.RUNNING, Instant.now());
        vms.saveAndFlush(recorded);

        reconciler.run(null);

        assertThat(vms.findById(vm.getId()).orElseThrow().getPowerState()).isEqualTo(PowerState.STOPPED);
        mvc.perform(get("/api/v1/vms/{id}/events", vm.getId()).with(owner))
                .andExpect(jsonPath("$[0].kind").value("drift"))
                .andExpect(jsonPath("$[0].message").value(containsString("Recorded as RUNNING")));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
