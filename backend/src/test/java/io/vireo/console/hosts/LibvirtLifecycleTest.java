package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.GuestTests;
import io.vireo.console.image.Image;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.PowerState;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.chain.DiskChain;

/**
 * The lifecycle of a tiny VM on a libvirt host (the machine's daemon) beyond power: snapshots of it stopped and
 * running (the running domain moves onto the console's new delta, with and without its memory; a snapshot under it
 * is not deleted while it runs), revert, a linked clone that boots on the same host, suspend and resume without a
 * new boot, a disc changed in its drive, and its figures. What the disk holds is written and read by the console's side on the stopped VM's
 * files.
 */
@ExtendWith(LibvirtDaemon.class)
class LibvirtLifecycleTest extends GuestTests {
    @Autowired
    Installation installation;
    private static final Duration BOOT = Duration.ofMinutes(3);

    RequestPostProcessor operator;
    Team team;
    long hostId;

    @Test
    void snapshotsOfAStoppedAndARunningVmRevertAndALinkedCloneBootsOnTheSameHost() throws Exception {
        signIn();
        long vmId = createOnHost(Fixtures.unique("snappy"));
        write(vmId, "MARK-one");
        long cold = take(vmId, "cold", false);
        write(vmId, "MARK-two");

        boot(vmId);
        Path before = top(vmId);
        long hot = take(vmId, "hot", false);
        Path after = top(vmId);
        assertThat(after).isNotEqualTo(before);
        assertThat(MachineHost.virsh("domblklist", installation.domainNames().of(vmId))).as("the running domain writes the new delta")
                .contains(after.toString()).doesNotContain(before.toString());
        assertThat(MachineHost.virsh("domstate", installation.domainNames().of(vmId))).contains("running");
        String deleting = mvc.perform(delete("/api/v1/vms/{id}/snapshots/{s}", vmId, cold).with(operator).with(csrf()))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> mvc.perform(get("/api/v1/tasks/{id}",
                        JsonPath.<Number>read(deleting, "$.id").longValue()).with(operator))
                .andExpect(jsonPath("$.state").value("FAILED"))
                .andExpect(jsonPath("$.failureReason").value(containsString("stop the VM"))));
        assertThat(top(vmId)).as("nothing changed under the running VM").isEqualTo(after);
        long withMemory = take(vmId, "with memory", true);
        assertThat(MachineHost.virsh("domblklist", installation.domainNames().of(vmId))).contains(top(vmId).toString());
        assertThat(recorded(vmId)).isEqualTo(PowerState.RUNNING);
        assertThat(count(guest.serial(operator, vmId), "VIREO-READY")).as("the guest went on, it did not boot again")
                .isEqualTo(1);

        long clone = awaitClone(mvc.perform(post("/api/v1/vms/{id}/clones", vmId).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + Fixtures.unique("twin")
                        + "\",\"mode\":\"LINKED\"}")));
        mvc.perform(get("/api/v1/vms/{id}", clone).with(operator)).andExpect(jsonPath("$.host").value("qemu-here"));
        boot(clone);
        assertThat(MachineHost.virsh("domstate", installation.domainNames().of(clone))).as("the clone runs on the source's host").contains("running");
        stop(clone);

        stop(vmId);
        assertThat(read(vmId)).as("the current state after the snapshots").isEqualTo("MARK-two");
        revert(vmId, cold);
        assertThat(read(vmId)).as("what the disk held when the stopped VM's snapshot was taken").isEqualTo("MARK-one");
        revert(vmId, hot);
        assertThat(read(vmId)).isEqualTo("MARK-two");
        revert(vmId, withMemory);
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.RUNNING);
        assertThat(MachineHost.virsh("domstate", installation.domainNames().of(vmId))).as("back running from the snapshot's memory")
                .contains("running");
        stop(vmId);
    }

    @Test
    void aRunningVmSuspendsToItsFolderAndResumesWithoutBootingAgainWithItsFiguresShown() throws Exception {
        signIn();
        long vmId = createOnHost(Fixtures.unique("sleeper"));
        boot(vmId);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                mvc.perform(get("/api/v1/vms/{id}/stats", vmId).with(operator))
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$.samples.length()").value(greaterThan(0)))
                        .andExpect(jsonPath("$.residentMemoryBytes").value(greaterThan(0)))
                        .andExpect(jsonPath("$.disks.readBytes").value(greaterThan(0)))
                        .andExpect(jsonPath("$.instructionsRetired").isEmpty()));

        guest.power(operator, vmId, "SUSPEND").andExpect(jsonPath("$.powerState").value("SUSPENDED"));
        assertThat(MachineHost.domainExists(installation.domainNames().of(vmId))).as("the host let go of the VM").isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(40)).during(HostDrivers.RECONCILE_PERIOD.plusSeconds(2))
                .until(() -> recorded(vmId) == PowerState.SUSPENDED);
        mvc.perform(get("/api/v1/vms/{id}/stats", vmId).with(operator)).andExpect(status().isNoContent());

        guest.power(operator, vmId, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        assertThat(MachineHost.virsh("domstate", "--reason", installation.domainNames().of(vmId))).as("the domain goes on from its saved state")
                .contains("running (restored)");
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.RUNNING);
        assertThat(Files.exists(fixtures.folderOf(vms.findById(vmId).orElseThrow()).resolve("suspended")))
                .as("the saved state goes once the VM runs from it").isFalse();
        String serial = guest.serial(operator, vmId);
        assertThat(count(serial, "OpenSBI v")).as("the serial log goes on: one boot, before and after the suspend")
                .isEqualTo(1);
        assertThat(count(serial, "VIREO-READY")).isEqualTo(1);
        stop(vmId);
    }

    @Test
    void aRunningVmsDiscIsChangedAndEjectedAndAVmBootedWithoutOneHasNoDrive() throws Exception {
        signIn();
        fixtures.grantDatastore(team);
        Image first = fixtures.isoImage(16);
        Image second = fixtures.isoImage(16);
        long vmId = createOnHost(Fixtures.unique("reader"), ",\"cdromImageId\":" + first.getId());
        boot(vmId);
        assertThat(MachineHost.virsh("domblklist", installation.domainNames().of(vmId))).contains(first.getName() + ".iso");
        cdrom(vmId, "{\"imageId\":" + second.getId() + "}").andExpect(status().isOk());
        assertThat(MachineHost.virsh("domblklist", installation.domainNames().of(vmId))).contains(second.getName() + ".iso")
                .doesNotContain(first.getName() + ".iso");
        cdrom(vmId, "{\"eject\":true}").andExpect(status().isOk());
        assertThat(MachineHost.virsh("domblklist", installation.domainNames().of(vmId))).doesNotContain(second.getName() + ".iso");
        stop(vmId);

        long bare = createOnHost(Fixtures.unique("bare"), "");
        boot(bare);
        cdrom(bare, "{\"imageId\":" + first.getId() + "}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("runs without a CD-ROM drive")));
        mvc.perform(get("/api/v1/vms/{id}/cdrom", bare).with(operator)).andExpect(jsonPath("$.imageId").isEmpty());
        stop(bare);
    }

    private ResultActions cdrom(long vmId, String body) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/cdrom", vmId).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private void signIn() throws Exception {
        team = fixtures.team();
        operator = fixtures.signedIn(team, TeamRole.OWNER);
        hostId = MachineHost.id(mvc, fixtures.signedInAdmin(), "qemu-here");
    }

    private long createOnHost(String name) throws Exception {
        return createOnHost(name, "");
    }

    /** {@code more}: further fields of the request, each after a comma. */
    private long createOnHost(String name, String more) throws Exception {
        String created = mvc.perform(post("/api/v1/vms").with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"teamId\":" + team.getId() + ",\"vcpus\":1,"
                                + "\"memoryMib\":256,\"bootSource\":\"TEMPLATE\",\"templateId\":"
                                + fixtures.tinyTemplate() + ",\"hostId\":" + hostId + more + "}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long vmId = JsonPath.<Number>read(created, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorded(vmId) == PowerState.STOPPED);
        return vmId;
    }

    private void boot(long vmId) throws Exception {
        guest.power(operator, vmId, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        guest.awaitSerial(operator, vmId, "VIREO-READY", BOOT);
    }

    private void stop(long vmId) throws Exception {
        guest.power(operator, vmId, "STOP");
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.STOPPED);
    }

    private long take(long vmId, String name, boolean memory) throws Exception {
        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots", vmId).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"includeMemory\":" + memory + "}")));
        String vm = mvc.perform(get("/api/v1/vms/{id}", vmId).with(operator)).andReturn().getResponse()
                .getContentAsString();
        return JsonPath.<Number>read(vm, "$.currentSnapshotId").longValue();
    }

    private void revert(long vmId, long snapshotId) throws Exception {
        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots/{s}/revert", vmId, snapshotId).with(operator)
                .with(csrf())));
    }

    private void awaitTask(ResultActions request) throws Exception {
        String body = request.andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        fixtures.awaitSucceeded(JsonPath.<Number>read(body, "$.id").longValue());
    }

    private long awaitClone(ResultActions request) throws Exception {
        long clone = JsonPath.<Number>read(request.andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString(), "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> recorded(clone) == PowerState.STOPPED);
        return clone;
    }

    /** The file disk 0 writes now. */
    private Path top(long vmId) throws Exception {
        String body = mvc.perform(get("/api/v1/vms/{id}", vmId).with(operator)).andReturn().getResponse()
                .getContentAsString();
        return fixtures.folderOf(vms.findById(vmId).orElseThrow())
                .resolve(JsonPath.<String>read(body, "$.disks[0].file"));
    }

    /** Writes {@code marker} at the start of the stopped VM's disk 0, as its guest would. */
    private void write(long vmId, String marker) throws Exception {
        try (DiskImage disk = DiskChain.open(top(vmId), false)) {
            disk.write(0, ByteBuffer.wrap(marker.getBytes(StandardCharsets.US_ASCII)));
            disk.flush();
        }
    }

    private String read(long vmId) throws Exception {
        try (DiskImage disk = DiskChain.open(top(vmId), true)) {
            ByteBuffer marker = ByteBuffer.allocate("MARK-one".length());
            disk.read(0, marker);
            return new String(marker.array(), StandardCharsets.US_ASCII);
        }
    }

    private PowerState recorded(long vmId) {
        return vms.findById(vmId).orElseThrow().getPowerState();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
