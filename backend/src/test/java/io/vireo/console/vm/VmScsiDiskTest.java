package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.FakeEngineTests;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * A VM's SCSI disks: chosen per disk, handed to the engine on the SCSI controller (the virtio-blk ones stay
 * virtio-blk), and the snapshots, clones and templates the engine's disk operations cannot do for them yet refused
 * with the reason.
 */
class VmScsiDiskTest extends FakeEngineTests {

    Team team;
    RequestPostProcessor owner;
    Vm vm;

    @BeforeEach
    void aVmWithAVirtioAndAScsiDisk() {
        team = fixtures.team();
        owner = fixtures.signedIn(team, TeamRole.OWNER);
        vm = fixtures.idleVm(team, List.of(new VmRequest.DiskRequest(1L, DiskBus.VIRTIO),
                new VmRequest.DiskRequest(2L, DiskBus.SCSI)));
    }

    @Test
    void theScsiDiskReachesTheEngineOnTheScsiControllerAndTheVmPageNamesItsBus() throws Exception {
        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"))
                .andExpect(status().isOk());

        List<LaunchSpec.Disk> disks = host.lastLaunch(vm.getId()).orElseThrow().disks();
        assertThat(disks).extracting(LaunchSpec.Disk::scsi).containsExactly(false, true);
        mvc.perform(get("/api/v1/vms/{id}", vm.getId()).with(owner))
                .andExpect(jsonPath("$.disks[1].bus").value("SCSI"));
        assertThat(Files.readString(fixtures.folderOf(vm).resolve("vm.conf"))).contains("bus=SCSI");
    }

    @Test
    void snapshotsClonesAndTemplatesOfAVmWithScsiDisksAreRefusedWithTheReason() throws Exception {
        mvc.perform(post("/api/v1/vms/{id}/snapshots", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"before\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("has SCSI disks: a snapshot is not offered")));
        mvc.perform(post("/api/v1/vms/{id}/clones", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"copy\",\"mode\":\"FULL\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("a clone is not offered")));
        mvc.perform(post("/api/v1/vms/{id}/template", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"tpl\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("making a template of it is not offered")));
    }

    @Test
    void theCreateFormOffersTheBusOfEachDisk() throws Exception {
        mvc.perform(post("/vms/new/edit").with(owner).with(csrf()).param("edit", "addDisk"))
                .andExpect(content().string(containsString("<option value=\"SCSI\">SCSI (/dev/sdX")));
    }
}
