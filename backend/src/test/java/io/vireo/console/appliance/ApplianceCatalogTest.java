package io.vireo.console.appliance;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.user.GlobalRole;

@ConsoleTest
class ApplianceCatalogTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;

    @Test
    void theCatalogDescribesOnlyWhatTheApplianceHasInAConsoleVm() throws Exception {
        String someone = fixtures.user(GlobalRole.USER).getUsername();
        mvc.perform(get("/api/v1/appliances").with(user(someone)))
                .andExpect(jsonPath("$[0].entry.name").value("tiny"))
                .andExpect(jsonPath("$[0].entry.description", allOf(containsString("blank disk as /dev/vda"),
                        not(containsString("network")), not(containsString("balloon")))));
        mvc.perform(get("/appliances").with(user(someone)))
                .andExpect(content().string(containsString("gets a new blank qcow2 disk")));
    }

    /** The last build is an administrator's task, which a user may not see: the catalog still reads. */
    @Test
    void aUserReadsTheCatalogAfterAnAdministratorBuiltAnAppliance() throws Exception {
        fixtures.tinyTemplate();
        String someone = fixtures.user(GlobalRole.USER).getUsername();
        mvc.perform(get("/api/v1/appliances").with(user(someone)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].templateId").isNumber());
    }
}
