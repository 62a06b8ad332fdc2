package io.vireo.console.image;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.user.GlobalRole;

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
