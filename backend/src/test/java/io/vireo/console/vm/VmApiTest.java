package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import io.vireo.console.ConsoleTests;
import io.vireo.console.Fixtures;

class VmApiTest extends ConsoleTests {

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void ownerOfATeam() {
        newTeamWithOwner(false);
    }

    @Test
    void creatingAVmQueuesATaskThatLaysOutItsDirectory() throws Exception {
        String name = Fixtures.unique("web");
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(vmJson(name, 2, 2048, 5)))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/api/v1/vms/")))
                .andExpect(jsonPath("$.powerState").value("PROVISIONING"))
                .andExpect(jsonPath("$.disks[0].sizeGib").value(5))
                .andExpect(jsonPath("$.disks[0].bus").value("VIRTIO"))
                .andExpect(jsonPath("$.nics").isEmpty());
        Vm vm = vms.findByTeamId(team.getId()).getFirst();

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                mvc.perform(get("/api/v1/vms/{id}", vm.getId()).with(owner))
                        .andExpect(jsonPath("$.powerState").value("STOPPED")));
        mvc.perform(get("/api/v1/tasks?q={q}", name).with(owner))
                .andExpect(jsonPath("$.items[0].state").value("SUCCEEDED"))
                .andExpect(jsonPath("$.items[0].percent").value(100));
        Path directory = fixtures.folderOf(vm);
        assertThat(Files.readString(directory.resolve("vm.conf"))).contains("name = " + name, "vcpus = 2");
        Path disk = directory.resolve("disk0.qcow2");
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(disk), 0, 32);
        assertThat(header.getInt(0)).as("qcow2 magic").isEqualTo(0x514649FB);
        assertThat(header.getLong(24)).as("virtual size").isEqualTo(5L << 30);
        assertThat(Files.size(disk)).as("thin on the host").isLessThan(1L << 20);
    }

    @Test
    void validationErrorsNameEachFieldAsProblemDetails() throws Exception {
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"bad name!\",\"teamId\":" + team.getId()
                                + ",\"vcpus\":0,\"memoryMib\":512,\"bootSource\":\"TEMPLATE\",\"disks\":[{\"sizeGib\":0}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.errors[*].field", hasItem("name")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("vcpus")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("disks[0].sizeGib")));
    }

    @Test
    void rulesAcrossFieldsNameTheFieldToCorrect() throws Exception {
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"iso-boot\",\"teamId\":" + team.getId()
                                + ",\"vcpus\":1,\"memoryMib\":512,\"bootSource\":\"IMAGE\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("bootImageId"));
    }

    @Test
    void aVmBeyondTheTeamsQuotaIsRefusedWithTheResourcesNamed() throws Exception {
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(vmJson("huge", 64, 512, 1)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Quota exceeded"))
                .andExpect(jsonPath("$.exceeded[0]").value("vcpus"));
        mvc.perform(get("/api/v1/teams/{id}/quota?vcpus=64", team.getId()).with(owner))
                .andExpect(jsonPath("$.limit.vcpus").value(16))
                .andExpect(jsonPath("$.requested.vcpus").value(64));
    }

    @Test
    void aNewVmBootsAKernelOrIsRefusedNamingTheBootSource() throws Exception {
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"from-disk\",\"teamId\":" + team.getId()
                                + ",\"vcpus\":1,\"memoryMib\":512,\"bootSource\":\"DISK\",\"disks\":[{\"sizeGib\":1}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("diskImageId"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("first disk's /boot")));

        Long iso = legacyImage("ISO");
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"from-iso\",\"teamId\":" + team.getId()
                                + ",\"vcpus\":1,\"memoryMib\":512,\"bootSource\":\"IMAGE\",\"bootImageId\":" + iso + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("bootImageId"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("is not a kernel image")));

        Long kernel = fixtures.kernelImage().getId();
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"from-kernel\",\"teamId\":" + team.getId()
                                + ",\"vcpus\":1,\"memoryMib\":512,\"bootSource\":\"IMAGE\",\"bootImageId\":" + kernel + "}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.bootSource").value("IMAGE"))
                .andExpect(jsonPath("$.bootImageId").value(kernel));
    }

    @Test
    void aVmIsCreatedWithTheNetworkCardsItAsksForAndAMacTakenOrMalformedIsRefused() throws Exception {
        Long network = fixtures.defaultNetwork().getId();
        String template = String.valueOf(fixtures.template(team).getId());
        String body = "{\"name\":\"%s\",\"teamId\":" + team.getId() + ",\"vcpus\":1,\"memoryMib\":512,"
                + "\"bootSource\":\"TEMPLATE\",\"templateId\":" + template + ",\"nics\":[{\"networkId\":" + network
                + ",\"mac\":\"%s\",\"vlan\":7},{\"networkId\":" + network + "}]}";
        String mac = "52:56:00:" + String.format("%02x:%02x:%02x", (int) (Math.random() * 256),
                (int) (Math.random() * 256), (int) (Math.random() * 256));
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted("net", mac.toUpperCase())))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.nics.length()").value(2))
                .andExpect(jsonPath("$.nics[0].mac").value(mac))
                .andExpect(jsonPath("$.nics[0].vlan").value(7))
                .andExpect(jsonPath("$.nics[0].network").value("default"))
                .andExpect(jsonPath("$.nics[1].mac").value(org.hamcrest.Matchers.startsWith("52:56:00:")));
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted("net2", mac)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("mac"))
                .andExpect(jsonPath("$.detail").value("Another network card already has the MAC " + mac));
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted("net3", "01:00:5e:00:00:01")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("mac"));
        assertThat(vms.findByTeamId(team.getId())).hasSize(1);
    }

    @Test
    void aStoppedVmRefusesWhatOnlyARunningOneCanDo() throws Exception {
        Vm vm = fixtures.vm(team);
        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"PAUSE\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("cannot pause")));
    }

    @Test
    void listsArePagedAndFilteredByName() throws Exception {
        fixtures.vm(team);
        fixtures.vm(team);
        Vm third = fixtures.vm(team);
        mvc.perform(get("/api/v1/vms?teamId={t}&size=2", team.getId()).with(owner))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.totalItems").value(3))
                .andExpect(jsonPath("$.totalPages").value(2));
        mvc.perform(get("/api/v1/vms?teamId={t}&q={q}", team.getId(), third.getName()).with(owner))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].name").value(third.getName()));
        mvc.perform(get("/api/v1/vms?state=RUNNING&teamId={t}", team.getId()).with(owner))
                .andExpect(jsonPath("$.totalItems").value(0));
    }

    @Test
    void aStoppedVmCanBeResizedAndItsConfigurationFileFollows() throws Exception {
        Vm vm = fixtures.vm(team);
        mvc.perform(put("/api/v1/vms/{id}", vm.getId()).with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"renamed-" + vm.getId() + "\",\"vcpus\":2,\"memoryMib\":1024}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.vcpus").value(2));
        Path config = fixtures.folderOf(vm).resolve("vm.conf");
        assertThat(Files.readString(config)).contains("name = renamed-" + vm.getId(), "memory_mib = 1024");
    }

    @Test
    void sortingByAnUnknownPropertyIsABadRequest() throws Exception {
        mvc.perform(get("/api/v1/vms?sort=passwordHash").with(owner))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sort"));
    }

    @Test
    void taskProgressStreamsAsServerSentEvents() throws Exception {
        mvc.perform(get("/api/v1/tasks/events").with(owner))
                .andExpect(request().asyncStarted());
    }

    private String vmJson(String name, int vcpus, long memoryMib, long diskGib) {
        return """
                {"name":"%s","teamId":%d,"vcpus":%d,"memoryMib":%d,"bootSource":"TEMPLATE","templateId":%d,
                 "disks":[{"sizeGib":%d}]}""".formatted(name, team.getId(), vcpus, memoryMib,
                fixtures.template(team).getId(), diskGib);
    }

    /** An image of a kind the library no longer takes, as an older console may have registered it. */
    private Long legacyImage(String kind) {
        String name = Fixtures.unique("legacy");
        jdbc.update("insert into images (name, kind, format, size_bytes, datastore_id, path, created_at)"
                + " values (?, ?, 'raw', 1, 1, ?, current_timestamp)", name, kind, name);
        return jdbc.queryForObject("select id from images where name = ?", Long.class, name);
    }
}
