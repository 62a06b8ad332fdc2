package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

/**
 * The machine's own daemon (or another test host) as a host of the tests' console: a URI is in the inventory once, so
 * the tests sharing a console share that host, whichever of them adds it first.
 */
public final class MachineHost {

    private MachineHost() {
    }

    /** What an administrator of the host would type, behind the console's back; fails the test unless it worked. */
    public static String virsh(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", LibvirtDaemon.uri()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("virsh %s: %s", String.join(" ", args), output).isZero();
        return output;
    }

    /** Whether the host has a domain of that name now. */
    static boolean domainExists(String domain) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("virsh", "-c", LibvirtDaemon.uri(), "domstate", domain)
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }

    /** The id of the host at {@link LibvirtDaemon#uri}, added under {@code name} when the console has none. */
    static long id(MockMvc mvc, RequestPostProcessor admin, String name) throws Exception {
        return id(mvc, admin, name, LibvirtDaemon.uri());
    }

    /** The id of the host at {@code uri}, added under {@code name} when the console has none. */
    static long id(MockMvc mvc, RequestPostProcessor admin, String name, String uri) throws Exception {
        String listed = mvc.perform(get("/api/v1/hosts").with(admin)).andReturn().getResponse().getContentAsString();
        List<Number> ids = JsonPath.read(listed, "$[?(@.uri == '" + uri + "')].id");
        if (!ids.isEmpty()) {
            return ids.getFirst().longValue();
        }
        String added = mvc.perform(post("/api/v1/hosts").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"uri\":\"" + uri + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JsonPath.<Number>read(added, "$.id").longValue();
    }
}
