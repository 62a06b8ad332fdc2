package io.vireo.console.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTests;
import io.vireo.console.Fixtures;
import io.vireo.console.QemuImg;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.ovf.OvfTestPackages;
import io.vireo.console.task.Task;
import io.vireo.console.vm.Vm;

/**
 * An administrator adds an OVA to the appliance catalog, uploaded or already in a datastore; every team deploys it
 * as a VM with the package's hardware and disk content, as the OVF import makes one. What is not an OVA is refused
 * and leaves nothing behind.
 */
class CatalogPackageTest extends ConsoleTests {

    @Autowired
    DatastoreRepository datastores;

    @TempDir
    Path dir;

    RequestPostProcessor admin;
    Path reference;

    @BeforeEach
    void aTeamAndAnOva() throws IOException {
        newTeamWithOwner(true);
        admin = fixtures.signedInAdmin();
        reference = OvfTestPackages.reference(dir, "ref", 16, 0x77, 5);
        OvfTestPackages.streamOptimized(reference, dir, "Ubuntu-disk001.vmdk");
        OvfTestPackages.write(dir.resolve("Ubuntu.ovf"), OvfTestPackages.descriptor("virtualbox.ovf",
                Map.of("disk1.bytes", String.valueOf(16L << 20))));
        OvfTestPackages.write(dir.resolve("Ubuntu.mf"), OvfTestPackages.sha256Manifest(dir, "Ubuntu.ovf",
                "Ubuntu-disk001.vmdk"));
    }

    @Test
    void anUploadedOvaIsACatalogEntryEveryTeamDeploysAsAVm() throws Exception {
        String name = Fixtures.unique("ubuntu");
        byte[] ova = OvfTestPackages.ova(dir, "Ubuntu.ovf", "Ubuntu.mf", "Ubuntu-disk001.vmdk");
        mvc.perform(multipart("/api/v1/appliances").file(new MockMultipartFile("file", "Ubuntu.ova",
                        "application/x-tar", ova)).param("name", name).with(admin).with(csrf()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.entry.kind").value("OVA"))
                .andExpect(jsonPath("$.entry.vcpus").value(2))
                .andExpect(jsonPath("$.entry.memoryMib").value(1024));
        assertThat(root().resolve("appliances").resolve(name + ".ova")).exists();

        String catalog = mvc.perform(get("/appliances").with(owner)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(catalog).contains("/appliances/" + name + "/deploy", "Deploy VM");

        String answer = mvc.perform(post("/api/v1/appliances/{name}/deploy", name).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"teamId\":" + team.getId() + "}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.kind").value("vm.import"))
                .andReturn().getResponse().getContentAsString();
        Task task = fixtures.awaitSucceeded(JsonPath.<Number>read(answer, "$.id").longValue());
        Vm vm = fixtures.asAdmin(() -> vms.findById(task.getTargetId()).orElseThrow());
        assertThat(vm.teamId()).isEqualTo(team.getId());
        assertThat(vm.getVcpus()).isEqualTo(2);
        QemuImg.assertSameContent(reference, fixtures.folderOf(vm).resolve("disk0.qcow2"));
        assertThat(root().resolve("appliances").resolve(name + ".ova")).as("the catalog keeps its OVA").exists();

        mvc.perform(delete("/api/v1/appliances/{name}", name).with(owner).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/appliances/{name}", name).with(admin).with(csrf()))
                .andExpect(status().isNoContent());
        assertThat(root().resolve("appliances").resolve(name + ".ova")).doesNotExist();
        mvc.perform(get("/api/v1/appliances").with(owner))
                .andExpect(jsonPath("$[?(@.entry.name == '" + name + "')]").isEmpty());
    }

    @Test
    void anOvaAlreadyInTheDatastoreStaysWhenItsEntryGoes() throws Exception {
        String name = Fixtures.unique("placed");
        Path placed = root().resolve("packages").resolve(name + ".ova");
        Files.createDirectories(placed.getParent());
        Files.write(placed, OvfTestPackages.ova(dir, "Ubuntu.ovf", "Ubuntu.mf", "Ubuntu-disk001.vmdk"));

        mvc.perform(multipart("/api/v1/appliances").param("path", "packages/" + name + ".ova").with(admin)
                        .with(csrf()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.entry.name").value(name));
        mvc.perform(delete("/api/v1/appliances/{name}", name).with(admin).with(csrf()))
                .andExpect(status().isNoContent());
        assertThat(placed).exists();
    }

    @Test
    void whatIsNoOvaIsRefusedAndLeavesNothing() throws Exception {
        String name = Fixtures.unique("bad");
        mvc.perform(multipart("/api/v1/appliances").file(new MockMultipartFile("file", "notes.ova", "text/plain",
                        "not a tar at all".getBytes(StandardCharsets.US_ASCII))).param("name", name)
                        .with(admin).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("is not an OVA")));
        mvc.perform(multipart("/api/v1/appliances").param("path", "../../etc/passwd.ova").with(admin).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("No file")));
        mvc.perform(multipart("/api/v1/appliances").file(new MockMultipartFile("file", "web.ova", "application/x-tar",
                        OvfTestPackages.ova(dir, "Ubuntu.ovf"))).with(owner).with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(root().resolve("appliances").resolve(name + ".ova")).doesNotExist();
        try (Stream<Path> left = Files.list(root())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".upload-"));
        }
    }

    private Path root() {
        return datastores.findAll().getFirst().directory();
    }
}
