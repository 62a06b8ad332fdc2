package io.vireo.console.hosts;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

/**
 * The machine's own daemon (or another test host) as a host of the tests' console: a URI is in the inventory once, so
 * the tests sharing a console share that host, whichever of them adds it first.
 */
final class MachineHost {

    private MachineHost() {
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
