package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.ConsoleTests;
import io.vireo.console.Fixtures;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.hosts.Host;
import io.vireo.console.hosts.HostRequest;
import io.vireo.console.hosts.HostService;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskState;
import io.vireo.console.task.TaskView;

/**
 * A cold migration that copies the VM's files refuses, before anything is copied or moved, a VM that runs, a
 * datastore that does not exist, and a datastore already holding a folder of the VM's name; the VM stays on its host
 * with its folder where it was; a failure once the copy is made (the target host gone, say) removes the copy and
 * leaves the VM as it was. (The copy itself, with guests booting on two libvirt hosts, is TwoHostsTest.)
 */
class MigrationCopyRefusalTest extends ConsoleTests {

    @Autowired
    HostService hosts;
    @Autowired
    VmPowerService power;
    @Autowired
    VmRelocation relocation;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    TaskService tasks;

    @BeforeEach
    void ownerOfATeamWithTheDatastore() {
        newTeamWithOwner(true);
    }

    @Test
    void aRunningVmIsRefused() throws Exception {
        Vm running = fixtures.runningVm(team);
        migrate(running, fixtures.anotherDatastore().getId())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("power it off")));
        assertThat(vms.findById(running.getId()).orElseThrow().getPowerState()).isEqualTo(PowerState.RUNNING);
        fixtures.asAdmin(() -> power.changePower(running.getId(), PowerAction.STOP, null));
    }

    @Test
    void anUnknownDatastoreIsABadRequestAndAnOccupiedFolderAConflictAndTheVmStaysWhereItIs() throws Exception {
        Vm vm = onALibvirtHost(fixtures.vm(team));
        Path folder = fixtures.folderOf(vm);

        migrate(vm, 987654321L)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("datastoreId"));

        Datastore occupied = fixtures.anotherDatastore();
        Files.createDirectories(occupied.directory().resolve(vm.directoryName()));
        migrate(vm, occupied.getId())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("already holds a folder")));

        Vm after = vms.findById(vm.getId()).orElseThrow();
        assertThat(after.getPowerState()).isEqualTo(PowerState.STOPPED);
        assertThat(after.getDatastore().getId()).isEqualTo(vm.getDatastore().getId());
        assertThat(hosts.libvirtHostOf(vm.getId())).as("still on its host").isPresent();
        assertThat(folder.resolve(VmConfigFile.FILE_NAME)).exists();
        assertThat(occupied.directory().resolve(vm.directoryName())).isEmptyDirectory();
    }

    @Test
    void aFailureWhenTheVmSwitchesToTheCopyLeavesItWhereItWasAndRemovesTheCopy() {
        Vm vm = onALibvirtHost(fixtures.vm(team));
        Path folder = fixtures.folderOf(vm);
        Datastore store = fixtures.anotherDatastore();
        TaskView task = fixtures.asAdmin(() -> transactions.execute(status -> relocation.relocate(
                vms.findById(vm.getId()).orElseThrow(), store.getId(), "vm.migrate", name -> "Migrate to " + name,
                moved -> {
                    throw new IllegalStateException("the target host went away");
                })));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> fixtures.asAdmin(() -> tasks.get(task.id())).getState().isFinal());
        Task failed = fixtures.asAdmin(() -> tasks.get(task.id()));
        assertThat(failed.getState()).isEqualTo(TaskState.FAILED);
        assertThat(failed.getFailureReason()).contains("the target host went away");

        Vm after = vms.findById(vm.getId()).orElseThrow();
        assertThat(after.getPowerState()).isEqualTo(PowerState.STOPPED);
        assertThat(after.getDatastore().getId()).isEqualTo(vm.getDatastore().getId());
        assertThat(hosts.libvirtHostOf(vm.getId())).isPresent();
        assertThat(folder.resolve(VmConfigFile.FILE_NAME)).exists();
        assertThat(store.directory().resolve(vm.directoryName())).as("the copy is removed").doesNotExist();
    }

    /**
     * The VM as if placed on a libvirt host (one nobody can reach: no daemon is needed), so that migrating it to the
     * embedded engine passes the host's checks and the datastore's are what answers.
     */
    private Vm onALibvirtHost(Vm vm) {
        Host host = fixtures.asAdmin(() -> hosts.add(new HostRequest(Fixtures.unique("away"),
                "qemu+ssh://vireo@" + Fixtures.unique("gone") + ".invalid/system")));
        hosts.place(vm.getId(), host);
        return vm;
    }

    private ResultActions migrate(Vm vm, Long datastoreId) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/migrate", vm.getId()).with(owner).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"hostId\":null,\"datastoreId\":" + datastoreId + "}"));
    }
}
