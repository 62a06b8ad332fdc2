package io.vireo.console.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.vm.VmView;

/** Images, networks and datastores: every user reads them, administrators change them, paths stay inside. */
@ConsoleTest
class SharedInfrastructureTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    DatastoreRepository datastores;

    @Test
    void anImageMustBeAFileInsideItsDatastore() throws Exception {
        RequestPostProcessor admin = user(fixtures.user(GlobalRole.ADMIN).getUsername()).roles("ADMIN");
        String escape = """
                {"name":"%s","kind":"ISO","format":"iso","datastoreId":1,"path":"../../../../etc/passwd"}"""
                .formatted(Fixtures.unique("escape"));
        mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(escape))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("path"));

        String name = Fixtures.unique("installer");
        Path file = datastores.findById(1L).orElseThrow().directory().resolve(name + ".iso");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[4096]);
        mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"%s","kind":"ISO","format":"iso","datastoreId":1,"path":"%s.iso"}"""
                                .formatted(name, name)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.sizeBytes").value(4096));
    }

    @Test
    void anImageCannotBeRegisteredOnAFileTheInventoryAlreadyOwns() throws Exception {
        RequestPostProcessor admin = user(fixtures.user(GlobalRole.ADMIN).getUsername()).roles("ADMIN");
        VmView vm = fixtures.vm(fixtures.team());
        byte[] disk = Files.readAllBytes(fixtures.folderOf(vm).resolve("disk0.qcow2"));
        for (String path : List.of(("vm-" + vm.id()) + "/disk0.qcow2", "./" + ("vm-" + vm.id()) + "/disk0.qcow2",
                ("vm-" + vm.id()) + "/vm.conf")) {
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
        RequestPostProcessor admin = user(fixtures.user(GlobalRole.ADMIN).getUsername()).roles("ADMIN");
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
        RequestPostProcessor admin = user(fixtures.user(GlobalRole.ADMIN).getUsername()).roles("ADMIN");
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
                .content("{\"name\":\"" + Fixtures.unique("store") + "\",\"path\":\"" + path + "\",\"capacityGib\":1}"));
    }

    private static String image(String name, String path) {
        return """
                {"name":"%s","kind":"DISK","format":"qcow2","datastoreId":1,"path":"%s"}""".formatted(name, path);
    }

    @Test
    void usersReadSharedInfrastructureButCannotChangeIt() throws Exception {
        RequestPostProcessor someone = user(fixtures.user(GlobalRole.USER).getUsername());
        mvc.perform(get("/api/v1/networks").with(someone)).andExpect(jsonPath("$.items[0].name").exists());
        mvc.perform(get("/api/v1/datastores").with(someone)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/images").with(someone)).andExpect(status().isOk());
        mvc.perform(post("/api/v1/networks").with(someone).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"rogue\",\"kind\":\"NAT\"}")).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/datastores").with(someone).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"rogue\",\"path\":\"/tmp/rogue\",\"capacityGib\":1}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/templates").with(someone).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"shared\",\"vcpus\":1,\"memoryMib\":512,\"diskGib\":1}"))
                .andExpect(status().isForbidden());
    }
}
