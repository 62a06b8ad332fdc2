package io.vireo.console.api;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.BootSource;
import io.vireo.console.vm.PowerState;

/** Hostile or clumsy input is a 4xx problem that names the field to correct, never a 500. */
@ConsoleTest
class BadInputTest {
    private static final String NUL = "\\u0000";

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;

    Team team;
    RequestPostProcessor owner;
    RequestPostProcessor admin;

    @BeforeEach
    void people() {
        team = fixtures.team();
        owner = fixtures.signedIn(team, TeamRole.OWNER);
        admin = fixtures.signedInAdmin();
    }

    @Test
    void sortingByAPropertyThatCannotBeSortedNamesTheSortParameter() throws Exception {
        for (String sort : new String[] {"disks", "nics", "team", "nonsense", "disks.sizeGib"}) {
            problem(mvc.perform(get("/api/v1/vms?sort={s}", sort).with(owner)), "sort", containsString("sort"));
        }
    }

    @Test
    void aNulCharacterInAPathOrFolderIsAnInvalidField() throws Exception {
        problem(json(post("/api/v1/vms/register"), admin, "{\"datastoreId\":1,\"folder\":\"vm" + NUL + "x\",\"teamId\":"
                + team.getId() + "}"), "folder", containsString("control"));
        problem(json(post("/api/v1/datastores"), admin, "{\"name\":\"" + Fixtures.unique("nul") + "\",\"path\":\"/tmp/a"
                + NUL + "b\"}"), "path", containsString("control"));
        problem(json(post("/api/v1/images"), admin, "{\"name\":\"" + Fixtures.unique("nul") + "\",\"kind\":\"KERNEL\","
                + "\"datastoreId\":1,\"path\":\"a" + NUL + "b.Image\"}"), "path", containsString("control"));
    }

    @Test
    void aFormRowFarBeyondTheLastIsAnInvalidField() throws Exception {
        problem(mvc.perform(post("/vms/new/impact").with(owner).with(csrf())
                .param("teamId", String.valueOf(team.getId())).param("disks[1000].sizeGib", "1")),
                "disks[1000]", containsString("disks"));
    }

    @Test
    void deletingADatastoreThatStillHoldsAnImageIsAConflict() throws Exception {
        Path directory = Files.createTempDirectory("vireo-store");
        String created = json(post("/api/v1/datastores"), admin, "{\"name\":\"" + Fixtures.unique("store")
                + "\",\"path\":\"" + directory + "\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String id = created.replaceAll(".*\"id\":(\\d+).*", "$1");
        Files.write(directory.resolve("boot.Image"), new byte[512]);
        json(post("/api/v1/images"), admin, "{\"name\":\"" + Fixtures.unique("kernel") + "\",\"kind\":\"KERNEL\","
                + "\"datastoreId\":" + id + ",\"path\":\"boot.Image\"}").andExpect(status().isCreated());

        mvc.perform(delete("/api/v1/datastores/{id}", id).with(admin).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("image")));
    }

    @Test
    void anUnknownEnumValueNamesTheFieldAndTheAllowedValues() throws Exception {
        String[] allowed = Arrays.stream(BootSource.values()).map(Enum::name).toArray(String[]::new);
        problem(json(post("/api/v1/vms"), owner, vm("\"bootSource\":\"FLOPPY\"")), "bootSource",
                allOf(Arrays.stream(allowed).map(v -> containsString(v)).toList().toArray(Matcher[]::new)));
        problem(mvc.perform(get("/api/v1/vms?state=FLYING").with(owner)), "state",
                containsString(PowerState.values()[0].name()));
    }

    @Test
    void aNumberTooLargeForItsFieldNamesTheFieldAndTheRange() throws Exception {
        problem(json(post("/api/v1/vms"), owner, vm("\"vcpus\":99999999999")), "vcpus", containsString("2147483647"));
        problem(json(post("/api/v1/vms"), owner, vm("\"memoryMib\":99999999999999999999999")), "memoryMib",
                containsString("9223372036854775807"));
        problem(json(post("/api/v1/vms"), owner, vm("\"disks\":[{\"sizeGib\":1},{\"sizeGib\":1e400}]")),
                "disks[1].sizeGib", containsString("number"));
        problem(mvc.perform(get("/api/v1/vms?teamId=99999999999999999999").with(owner)), "teamId",
                containsString("whole number"));
    }

    /** A VM request with one field replaced (or added when absent). */
    private String vm(String field) {
        String name = field.substring(0, field.indexOf(':'));
        StringBuilder body = new StringBuilder("{" + field);
        String[][] defaults = {{"\"name\"", "\"" + Fixtures.unique("bad") + "\""}, {"\"teamId\"", "" + team.getId()},
                {"\"vcpus\"", "1"}, {"\"memoryMib\"", "512"}, {"\"bootSource\"", "\"DISK\""},
                {"\"disks\"", "[{\"sizeGib\":1}]"}};
        for (String[] d : defaults) {
            if (!d[0].equals(name)) {
                body.append(',').append(d[0]).append(':').append(d[1]);
            }
        }
        return body.append('}').toString();
    }

    private ResultActions json(MockHttpServletRequestBuilder request, RequestPostProcessor who, String body)
            throws Exception {
        return mvc.perform(request.with(who).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static void problem(ResultActions answer, String field, Matcher<String> message) throws Exception {
        answer.andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].message").value(message));
    }
}
