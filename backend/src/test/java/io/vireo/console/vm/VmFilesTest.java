package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTests;
import io.vireo.console.QemuImg;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.team.TeamRole;

/**
 * A VM is a set of files: its folder moves to another datastore whole, and comes back from a backup archive
 * with its disk content, which QEMU's tools read as the same. Forged archives write nothing.
 */
class VmFilesTest extends ConsoleTests {

    @Autowired
    VmPowerService power;

    @BeforeEach
    void ownerOfATeamWithTheDatastore() {
        newTeamWithOwner(true);
    }

    @Test
    void aStoppedVmMovesToAnotherDatastoreWithItsDiskContent() throws Exception {
        Vm vm = vmWithData();
        Path before = fixtures.folderOf(vm);
        Path reference = copyOfDisk(vm);
        Datastore target = fixtures.anotherDatastore();

        String task = mvc.perform(post("/api/v1/vms/{id}/move", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"datastoreId\":" + target.getId() + "}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.kind").value("vm.move"))
                .andReturn().getResponse().getContentAsString();
        fixtures.awaitSucceeded(JsonPath.<Number>read(task, "$.id").longValue());

        Vm moved = vms.findById(vm.getId()).orElseThrow();
        assertThat(moved.getPowerState()).isEqualTo(PowerState.STOPPED);
        assertThat(moved.getDatastore().getId()).isEqualTo(target.getId());
        Path after = fixtures.folderOf(moved);
        assertThat(after).startsWith(target.directory());
        assertThat(before).doesNotExist();
        QemuImg.check(after.resolve("disk0.qcow2"));
        assertThat(QemuImg.identical(reference, after.resolve("disk0.qcow2"))).isTrue();
    }

    @Test
    void aMoveIsRefusedWhileTheVmRunsAndToWhereItIsAlready() throws Exception {
        Vm running = fixtures.runningVm(team);
        move(running, fixtures.anotherDatastore().getId())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("stop it")));
        mvc.perform(get("/api/v1/vms/{id}/backup", running.getId()).with(owner))
                .andExpect(status().isConflict());
        Vm stopped = fixtures.vm(team);
        move(stopped, stopped.getDatastore().getId())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("already")));
        fixtures.asAdmin(() -> power.changePower(running.getId(), PowerAction.STOP, null));
    }

    @Test
    void aBackupRestoresTheVmWithItsDiskContentAfterItWasDeleted() throws Exception {
        Vm vm = vmWithData();
        Path reference = copyOfDisk(vm);
        byte[] archive = download(vm);
        assertThat(entries(archive)).contains("vm.conf", "disk0.qcow2");
        assertThat(vms.findById(vm.getId()).orElseThrow().getPowerState()).isEqualTo(PowerState.STOPPED);
        mvc.perform(delete("/api/v1/vms/{id}", vm.getId()).with(owner).with(csrf())).andExpect(status().isNoContent());

        String restored = restore(archive)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value(vm.getName()))
                .andExpect(jsonPath("$.powerState").value("STOPPED"))
                .andReturn().getResponse().getContentAsString();
        Vm back = vms.findById(JsonPath.<Number>read(restored, "$.id").longValue()).orElseThrow();
        assertThat(QemuImg.identical(reference, fixtures.folderOf(back).resolve("disk0.qcow2"))).isTrue();
    }

    @Test
    void aForgedBackupIsRefusedAndLeavesNothingInTheDatastore() throws Exception {
        Path root = fixtures.folderOf(fixtures.vm(team)).getParent();
        for (String name : List.of("../escape.qcow2", "/etc/cron.d/evil", "notes.txt", "vm.conf/../../x")) {
            restore(tar(name, "name = forged\n"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("not a file of a VM folder")));
        }
        restore(tar("disk0.qcow2", "no configuration beside it"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("holds no vm.conf")));
        restore("not a tar at all".getBytes(StandardCharsets.UTF_8)).andExpect(status().isBadRequest());
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("restore-"));
        }
        assertThat(root.resolveSibling("escape.qcow2")).doesNotExist();
    }

    @Test
    void aDiskWhoseChainLeavesTheDatastoreDoesNotPowerOn() throws Exception {
        Vm vm = fixtures.idleVm(team, List.of(new VmRequest.DiskRequest(1L, null)));
        Path disk = fixtures.folderOf(vm).resolve("disk0.qcow2");
        Files.delete(disk);
        QemuImg.create(disk, "/etc/hostname");

        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("outside")));
        assertThat(vms.findById(vm.getId()).orElseThrow().getPowerState()).isEqualTo(PowerState.STOPPED);
    }

    @Test
    void aViewerCanNeitherMoveNorDownloadNorRestore() throws Exception {
        Vm vm = fixtures.vm(team);
        RequestPostProcessor viewer = fixtures.signedIn(team, TeamRole.VIEWER);
        mvc.perform(post("/api/v1/vms/{id}/move", vm.getId()).with(viewer).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"datastoreId\":" + vm.getDatastore().getId() + "}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/vms/{id}/backup", vm.getId()).with(viewer)).andExpect(status().isForbidden());
        mvc.perform(multipart("/api/v1/vms/restore").file(new MockMultipartFile("file", tar("vm.conf", "name = x\n")))
                        .param("teamId", team.getId().toString()).with(viewer).with(csrf()))
                .andExpect(status().isForbidden());
        RequestPostProcessor stranger = fixtures.signedIn(fixtures.team(), TeamRole.OWNER);
        mvc.perform(get("/api/v1/vms/{id}/backup", vm.getId()).with(stranger)).andExpect(status().isNotFound());
    }

    /** A VM whose disk holds a pattern a guest could have written, so copies can be told from blank disks. */
    private Vm vmWithData() {
        Vm vm = fixtures.vm(team);
        QemuImg.write(fixtures.folderOf(vm).resolve("disk0.qcow2"), 0x5a, 1 << 20, 3 << 20);
        return vm;
    }

    private Path copyOfDisk(Vm vm) throws IOException {
        Path copy = Files.createTempFile("reference-", ".qcow2");
        Files.copy(fixtures.folderOf(vm).resolve("disk0.qcow2"), copy, StandardCopyOption.REPLACE_EXISTING);
        copy.toFile().deleteOnExit();
        return copy;
    }

    private ResultActions move(Vm vm, Long datastoreId) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/move", vm.getId()).with(owner).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"datastoreId\":" + datastoreId + "}"));
    }

    private byte[] download(Vm vm) throws Exception {
        MvcResult started = mvc.perform(get("/api/v1/vms/{id}/backup", vm.getId()).with(owner))
                .andExpect(request().asyncStarted()).andReturn();
        return mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
    }

    private ResultActions restore(byte[] archive) throws Exception {
        return mvc.perform(multipart("/api/v1/vms/restore").file(new MockMultipartFile("file", "backup.tar",
                        "application/x-tar", archive)).param("teamId", team.getId().toString()).with(owner).with(csrf()));
    }

    private static List<String> entries(byte[] archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static byte[] tar(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
