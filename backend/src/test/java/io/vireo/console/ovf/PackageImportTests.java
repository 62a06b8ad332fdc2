package io.vireo.console.ovf;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTests;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.task.Task;
import io.vireo.console.vm.Vm;

/**
 * What the import tests share: a team with the datastore and its signed-in owner, a folder for the packages they
 * write, and sending a package's files as the parts of one import.
 */
abstract class PackageImportTests extends ConsoleTests {
    private static final Duration EXPORT = Duration.ofMinutes(2);

    @Autowired
    DatastoreRepository datastores;

    @TempDir
    Path dir;

    @BeforeEach
    void ownerOfATeamWithTheDatastore() {
        newTeamWithOwner(true);
    }

    /** The files {@code names} of {@code folder} as the parts of one import into the team. */
    MockMultipartHttpServletRequestBuilder parts(Path folder, List<String> names) throws IOException {
        MockMultipartHttpServletRequestBuilder request = multipart("/api/v1/imports");
        for (String name : names) {
            request.file(new MockMultipartFile("file", name, "application/octet-stream",
                    Files.readAllBytes(folder.resolve(name))));
        }
        return (MockMultipartHttpServletRequestBuilder) request.param("teamId", team.getId().toString());
    }

    /** Sends an import the console takes, waits for its task and answers the VM it made. */
    Vm importedVm(AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        String answer = mvc.perform(request.with(owner).with(csrf()))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        Task task = fixtures.awaitSucceeded(JsonPath.<Number>read(answer, "$.id").longValue());
        return fixtures.asAdmin(() -> vms.findById(task.getTargetId()).orElseThrow());
    }

    /** The package {@code path} (a VM's or template's export) streams for {@code id} in {@code format}. */
    byte[] export(String path, Long id, String format) throws Exception {
        MvcResult started = mvc.perform(get(path, id).param("format", format).with(owner))
                .andExpect(request().asyncStarted()).andReturn();
        // Writing the package takes as long as compressing the disks: far more than MockMvc's 10 s on a busy host.
        started.getAsyncResult(EXPORT.toMillis());
        return mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsByteArray();
    }

    /** The import left no staging folder in the datastore. */
    void assertNoStagingLeft() throws IOException {
        Path root = datastores.findAll().getFirst().directory();
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".import-"));
        }
    }

    /** An imported x86-64 guest is kept but refused by the embedded engine, with the reason. */
    void assertX86RefusedHere(Vm vm) throws Exception {
        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("needs a host that runs x86_64")));
    }
}
