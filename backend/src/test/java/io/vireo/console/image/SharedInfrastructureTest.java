package io.vireo.console.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTests;
import io.vireo.console.Fixtures;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.vm.Vm;

/** Images, templates and datastores (networks: NetworkConsoleTest): every user reads them, the entitled change them, paths stay inside. */
class SharedInfrastructureTest extends ConsoleTests {

    @Autowired
    DatastoreRepository datastores;

    @Test
    void aKernelImageMustBeAFileInsideItsDatastore() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        String escape = """
                {"name":"%s","kind":"KERNEL","datastoreId":1,"path":"../../../../etc/passwd"}"""
                .formatted(Fixtures.unique("escape"));
        mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(escape))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("path"));

        String name = Fixtures.unique("kernel");
        Path folder = datastores.findById(1L).orElseThrow().directory().resolve(name);
        Files.createDirectories(folder);
        Files.write(folder.resolve("Image"), new byte[4096]);
        Files.write(folder.resolve("initramfs.gz"), new byte[1024]);
        mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"%s","kind":"KERNEL","datastoreId":1,"path":"%s/Image",
                                 "initrdPath":"%s/../../escape.gz"}""".formatted(name, name, name)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("initrdPath"));
        mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"%s","kind":"KERNEL","datastoreId":1,"path":"%s/Image",
                                 "initrdPath":"%s/initramfs.gz","commandLine":"console=ttyS0"}"""
                                .formatted(name, name, name)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("KERNEL"))
                .andExpect(jsonPath("$.sizeBytes").value(5120));
    }

    @Test
    void anIsoImageIsRegisteredWhenItIsWholeBlocksInTheDatastore() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        String name = Fixtures.unique("installer");
        Path root = datastores.findById(1L).orElseThrow().directory();
        Files.createDirectories(root);
        Files.write(root.resolve(name + ".iso"), new byte[4096]);
        Files.write(root.resolve(name + "-torn.iso"), new byte[4000]);
        mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"%s","kind":"ISO","datastoreId":1,"path":"%s.iso"}""".formatted(name, name)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("ISO"))
                .andExpect(jsonPath("$.format").value("raw"))
                .andExpect(jsonPath("$.sizeBytes").value(4096));
        mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"%s-torn","kind":"ISO","datastoreId":1,"path":"%s-torn.iso"}"""
                                .formatted(name, name)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("path"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("not whole 2048-byte blocks")));
        mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"%s-out","kind":"ISO","datastoreId":1,"path":"../%s.iso"}"""
                                .formatted(name, name)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("path"));
    }

    @Test
    void aDatastoreShowsTheRoomOfItsFileSystemAndHasNoCapacityToSet() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        Path directory = datastores.findById(1L).orElseThrow().directory().resolveSibling(Fixtures.unique("store"));
        mvc.perform(post("/api/v1/datastores").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"sized\",\"path\":\"" + directory + "\",\"capacityGib\":100}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("capacityGib"));

        String name = Fixtures.unique("store");
        String created = mvc.perform(post("/api/v1/datastores").with(admin).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"path\":\"" + directory + "\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.space.usedBytes").value(0))
                .andReturn().getResponse().getContentAsString();
        Files.write(directory.resolve("file"), new byte[3000]);
        FileStore store = Files.getFileStore(directory);
        mvc.perform(get("/api/v1/datastores/{id}", JsonPath.<Number>read(created, "$.id")).with(admin))
                .andExpect(jsonPath("$.space.usedBytes").value(3000))
                .andExpect(jsonPath("$.space.sizeBytes").value(store.getTotalSpace()))
                .andExpect(jsonPath("$.space.freeBytes").value(greaterThan(0L)))
                .andExpect(jsonPath("$.capacityGib").doesNotExist());
        mvc.perform(get("/datastores").with(admin))
                .andExpect(content().string(containsString(">Free</th>")))
                .andExpect(content().string(not(containsString("capacityGib"))));
    }

    @Test
    void aTemplateNamesTheKernelItsVmsBoot() throws Exception {
        Team team = fixtures.team();
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        mvc.perform(post("/api/v1/templates").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"no-kernel\",\"teamId\":" + team.getId()
                                + ",\"vcpus\":1,\"memoryMib\":512,\"diskGib\":1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("imageId"));
        mvc.perform(post("/api/v1/templates").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"with-kernel\",\"teamId\":" + team.getId()
                                + ",\"vcpus\":1,\"memoryMib\":512,\"diskGib\":1,\"imageId\":"
                                + fixtures.kernelImage().getId() + "}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.imageId").value(fixtures.kernelImage().getId()));
    }

    @Test
    void anImageCannotBeRegisteredOnAFileTheInventoryAlreadyOwns() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        Vm vm = fixtures.vm(fixtures.team());
        byte[] disk = Files.readAllBytes(fixtures.folderOf(vm).resolve("disk0.qcow2"));
        for (String path : List.of(vm.directoryName() + "/disk0.qcow2", "./" + vm.directoryName() + "/disk0.qcow2",
                vm.directoryName() + "/vm.conf")) {
            mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                            .content(image(Fixtures.unique("stolen"), path)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("path"));
        }
        assertThat(Files.readAllBytes(fixtures.folderOf(vm).resolve("disk0.qcow2"))).isEqualTo(disk);

        String file = Fixtures.unique("twice") + ".iso";
        Files.write(datastores.findById(1L).orElseThrow().directory().resolve(file), new byte[512]);
        mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(image(Fixtures.unique("first"), file))).andExpect(status().isCreated());
        mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(image(Fixtures.unique("second"), file)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("path"));
    }

    @Test
    void anImageNameHasNoControlCharacters() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        String file = Fixtures.unique("named") + ".iso";
        Files.write(datastores.findById(1L).orElseThrow().directory().resolve(file), new byte[512]);
        for (String name : List.of("two\nlines", "tab\tbed", "bell\u0007")) {
            mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                            .content(image(name, file)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("name"));
        }
    }

    @Test
    void aDatastoreIsMadeOnlyOfAnEmptyFolderOrOneVireoMarked() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        Path someonesData = Files.createTempDirectory("vireo-foreign");
        Files.writeString(someonesData.resolve("thesis.tex"), "precious");
        datastore(admin, someonesData).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("path"));
        assertThat(someonesData.resolve(".vireo-datastore")).doesNotExist();

        Path fresh = Files.createTempDirectory("vireo-fresh").resolve("store");
        String id = datastore(admin, fresh).andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString().replaceAll(".*\"id\":(\\d+).*", "$1");
        assertThat(fresh.resolve(".vireo-datastore")).exists();
        Files.createDirectories(fresh.resolve("vm-999"));
        datastore(admin, fresh).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("path"));

        mvc.perform(delete("/api/v1/datastores/{id}", id).with(admin).with(csrf())).andExpect(status().isNoContent());
        datastore(admin, fresh).andExpect(status().isCreated());

        Path insideAVm = fixtures.folderOf(fixtures.vm(fixtures.team())).resolve("nested");
        datastore(admin, insideAVm).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("path"));
        assertThat(insideAVm).doesNotExist();
    }

    private ResultActions datastore(RequestPostProcessor admin, Path path) throws Exception {
        return mvc.perform(post("/api/v1/datastores").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + Fixtures.unique("store") + "\",\"path\":\"" + path + "\"}"));
    }

    private static String image(String name, String path) {
        return """
                {"name":"%s","kind":"KERNEL","datastoreId":1,"path":"%s"}""".formatted(name, path);
    }

    @Test
    void usersReadSharedInfrastructureButCannotChangeIt() throws Exception {
        RequestPostProcessor someone = user(fixtures.user(GlobalRole.USER).getUsername());
        mvc.perform(get("/api/v1/networks").with(someone)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/datastores").with(someone)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/images").with(someone)).andExpect(status().isOk());
        mvc.perform(post("/api/v1/datastores").with(someone).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"rogue\",\"path\":\"/tmp/rogue\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/templates").with(someone).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"shared\",\"vcpus\":1,\"memoryMib\":512,\"diskGib\":1}"))
                .andExpect(status().isForbidden());
    }
}
