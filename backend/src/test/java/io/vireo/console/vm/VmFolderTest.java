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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTests;
import io.vireo.console.Fixtures;
import io.vireo.console.vm.internal.VmEventRepository;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;

/** A VM is a set of files: its folder alone brings it back, and the console says when files and records differ. */
class VmFolderTest extends ConsoleTests {

    @Autowired
    VmEventRepository events;
    @Autowired
    InventoryReconciler reconciler;
    @Autowired
    VmCreation creation;

    @BeforeEach
    void ownerOfATeamWithTheDatastore() {
        newTeamWithOwner(true);
    }

    @Test
    void aDeletedVmComesBackFromACopyOfItsFolder() throws Exception {
        Vm vm = fixtures.vm(team);
        Path folder = fixtures.folderOf(vm);
        Path kept = copyOfFolder(vm, "kept-", conf -> conf);
        byte[] disk = Files.readAllBytes(kept.resolve("disk0.qcow2"));
        mvc.perform(delete("/api/v1/vms/{id}", vm.getId()).with(owner).with(csrf())).andExpect(status().isNoContent());
        assertThat(folder).doesNotExist();

        register(vm, kept)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value(vm.getName()))
                .andExpect(jsonPath("$.powerState").value("STOPPED"))
                .andExpect(jsonPath("$.disks[0].file").value("disk0.qcow2"))
                .andExpect(jsonPath("$.bootSource").value("TEMPLATE"));
        Vm back = vms.findByTeamId(team.getId()).getFirst();
        assertThat(kept).doesNotExist();
        assertThat(Files.readAllBytes(fixtures.folderOf(back).resolve("disk0.qcow2"))).isEqualTo(disk);
        assertThat(Files.readString(fixtures.folderOf(back).resolve("vm.conf"))).contains("name = " + vm.getName());
    }

    @Test
    void networkCardsAFolderNamesComeBackOnTheirNetworksAndOneOnAnUnknownNetworkIsLeftOutSaySoTheEvents()
            throws Exception {
        Vm vm = fixtures.vm(team);
        Path copy = copyOfFolder(vm, "with-nic-", conf -> renamed(conf, vm, "with-nic-")
                + "nic0 = network=default mac=52:56:00:0f:00:01 model=VIRTIO vlan=3 link=down\n"
                + "nic1 = network=nowhere mac=52:56:00:0f:00:02 model=VIRTIO\n");
        String created = register(vm, copy)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.nics.length()").value(1))
                .andExpect(jsonPath("$.nics[0].network").value("default"))
                .andExpect(jsonPath("$.nics[0].mac").value("52:56:00:0f:00:01"))
                .andExpect(jsonPath("$.nics[0].vlan").value(3))
                .andExpect(jsonPath("$.nics[0].linkUp").value(false))
                .andReturn().getResponse().getContentAsString();
        long id = JsonPath.<Number>read(created, "$.id").longValue();

        mvc.perform(get("/api/v1/vms/{id}/events", id).with(owner))
                .andExpect(jsonPath("$[0].kind").value("register"))
                .andExpect(jsonPath("$[0].message").value(containsString("nic1 is on network nowhere, which this"
                        + " console does not have")));
        assertThat(Files.readString(fixtures.folderOf(vms.findById(id).orElseThrow()).resolve("vm.conf")))
                .contains("nic0 = network=default mac=52:56:00:0f:00:01 model=VIRTIO vlan=3 link=down")
                .doesNotContain("nic1");
    }

    @Test
    void aFolderBringsBackTheVmsSocketsMemoryMinimumAndCpuSharesAndAFileFromBeforeThemGetsTheDefaults()
            throws Exception {
        Vm vm = fixtures.vm(team);
        mvc.perform(put("/api/v1/vms/{id}", vm.getId()).with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + vm.getName() + "\",\"vcpus\":4,\"memoryMib\":1024,"
                                + "\"coresPerSocket\":1,\"threadsPerCore\":2,\"memoryMinMib\":320}"))
                .andExpect(status().isOk());
        mvc.perform(put("/api/v1/vms/{id}/cpu", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"shares\":4000,\"capPercent\":10}"))
                .andExpect(status().isOk());
        Path shaped = copyOfFolder(vm, "shaped-", conf -> renamed(conf, vm, "shaped-"));
        register(vm, shaped).andExpect(status().isCreated())
                .andExpect(jsonPath("$.vcpus").value(4)).andExpect(jsonPath("$.sockets").value(2))
                .andExpect(jsonPath("$.coresPerSocket").value(1)).andExpect(jsonPath("$.threadsPerCore").value(2))
                .andExpect(jsonPath("$.memoryMinMib").value(320)).andExpect(jsonPath("$.cpu.shares").value(4000))
                .andExpect(jsonPath("$.cpu.capPercent").value(10));

        Path older = copyOfFolder(vm, "older-", conf -> renamed(conf, vm, "older-")
                .replaceAll("(?m)^(cores_per_socket|threads_per_core|memory_min_mib) = .*\n", ""));
        register(vm, older).andExpect(status().isCreated())
                .andExpect(jsonPath("$.sockets").value(1)).andExpect(jsonPath("$.coresPerSocket").value(4))
                .andExpect(jsonPath("$.memoryMinMib").value(256));

        Path uneven = copyOfFolder(vm, "uneven-", conf -> renamed(conf, vm, "uneven-")
                .replace("cores_per_socket = 1", "cores_per_socket = 3"));
        register(vm, uneven).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("folder"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("4 vCPUs do not fill whole sockets")));
    }

    @Test
    void aBrokenConfigurationIsExplainedAndNothingIsRegistered() throws Exception {
        Vm vm = fixtures.vm(team);
        Path copy = copyOfFolder(vm, "broken-", conf -> conf.replace("vcpus = 1", "vcpus = lots"));
        register(vm, copy)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("\"vcpus\" must be a whole number")));
        String escape = "{\"datastoreId\":" + vm.getDatastore().getId() + ",\"folder\":\"../../..\",\"teamId\":"
                + team.getId() + "}";
        mvc.perform(post("/api/v1/vms/register").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(escape))
                .andExpect(status().isBadRequest());
        assertThat(vms.findByTeamId(team.getId())).hasSize(1);
        assertThat(copy.resolve("vm.conf")).exists();
    }

    @Test
    void aDiskReadingThroughAFileOutsideTheDatastoreIsRefused(@TempDir Path elsewhere) throws Exception {
        Vm vm = fixtures.vm(team);
        Path copy = copyOfFolder(vm, "escape-", conf -> renamed(conf, vm, "escape-"));
        Path outside = elsewhere.resolve("host-secret.qcow2");
        ChainOperations.create(outside, ImageFormat.QCOW2, 1 << 30, Optional.empty());
        Files.delete(copy.resolve("disk0.qcow2"));
        ChainOperations.createOverlay(outside, copy.resolve("disk0.qcow2"));

        register(vm, copy)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("outside datastore")));
        assertThat(vms.findByTeamId(team.getId())).hasSize(1);
    }

    @Test
    void aNewVmNeverWritesIntoAFolderThatIsAlreadyThere() throws Exception {
        Vm first = fixtures.vm(team);
        Path squatted = fixtures.folderOf(first).resolveSibling("vm-" + (first.getId() + 1));
        Files.createDirectories(squatted);
        Files.writeString(squatted.resolve("vm.conf"), "name = someone-else\n");

        Long templateId = fixtures.template(team).getId();
        VmView created = fixtures.asAdmin(() -> creation.create(new VmRequest(Fixtures.unique("late"), null,
                team.getId(), 1, 512L, BootSource.TEMPLATE, null, templateId, first.getDatastore().getId(),
                List.of(new VmRequest.DiskRequest(1L, null)), List.of())));
        Vm second = vms.findById(created.id()).orElseThrow();
        assertThat(second.getId()).isEqualTo(first.getId() + 1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> fixtures.createTaskOf(second).getState().isFinal());
        assertThat(fixtures.createTaskOf(second).getFailureReason()).contains("already holds a folder");
        assertThat(vms.findById(second.getId()).orElseThrow().getPowerState()).isEqualTo(PowerState.ERROR);
        assertThat(Files.readString(squatted.resolve("vm.conf"))).isEqualTo("name = someone-else\n");
        assertThat(squatted.resolve("disk0.qcow2")).doesNotExist();
    }

    @Test
    void aRegisteredVmThatBootsFromABlankDiskFailsToPowerOnSayingWhy() throws Exception {
        Vm vm = fixtures.vm(team);
        Path copy = copyOfFolder(vm, "disk-boot-", conf -> renamed(conf, vm, "disk-boot-")
                .replace("boot = TEMPLATE", "boot = DISK").replaceAll("(template|boot_image) = .*\n", ""));
        String created = register(vm, copy)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.bootSource").value("DISK"))
                .andReturn().getResponse().getContentAsString();
        long id = JsonPath.<Number>read(created, "$.id").longValue();

        mvc.perform(get("/vms/{id}", id).with(owner))
                .andExpect(content().string(containsString("value=\"START\"")));
        mvc.perform(post("/api/v1/vms/{id}/power", id).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Nothing to boot on the disk"))
                .andExpect(jsonPath("$.detail").value(containsString("disk 1 holds no ext2/3/4 filesystem")));
    }

    @Test
    void aVmRecordedRunningWhenTheConsoleStartsIsShownStoppedWithTheReason() throws Exception {
        Vm vm = fixtures.vm(team);
        Vm recorded = vms.findById(vm.getId()).orElseThrow();
        recorded.powerChanged(PowerState.RUNNING, Instant.now());
        vms.saveAndFlush(recorded);

        reconciler.run(null);

        assertThat(vms.findById(vm.getId()).orElseThrow().getPowerState()).isEqualTo(PowerState.STOPPED);
        mvc.perform(get("/api/v1/vms/{id}/events", vm.getId()).with(owner))
                .andExpect(jsonPath("$[0].kind").value("drift"))
                .andExpect(jsonPath("$[0].message").value(containsString("Recorded as RUNNING")));
    }

    /** A copy of the VM's folder beside it, named {@code prefix} and the VM's id, its vm.conf changed by {@code edit}. */
    private Path copyOfFolder(Vm vm, String prefix, UnaryOperator<String> edit) throws IOException {
        Path copy = fixtures.folderOf(vm).resolveSibling(prefix + vm.getId());
        copyTree(fixtures.folderOf(vm), copy);
        Path conf = copy.resolve("vm.conf");
        Files.writeString(conf, edit.apply(Files.readString(conf)));
        return copy;
    }

    /** The configuration of a second VM from the same folder: another name, so the team takes both. */
    private static String renamed(String conf, Vm vm, String prefix) {
        return conf.replace("name = " + vm.getName(), "name = " + prefix + vm.getId());
    }

    private ResultActions register(Vm vm, Path folder) throws Exception {
        return mvc.perform(post("/api/v1/vms/register").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"datastoreId\":" + vm.getDatastore().getId() + ",\"folder\":\"" + folder.getFileName()
                        + "\",\"teamId\":" + team.getId() + "}"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
