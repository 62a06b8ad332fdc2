package io.vireo.console;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.team.Team;
import io.vireo.console.vm.Vm;

/** What a VM still lives in or belongs to cannot be deleted from under it: its datastore, its team. */
@ConsoleTest
class InUseTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;

    @Test
    void aDatastoreOrTeamThatAVmUsesIsNotDeleted() throws Exception {
        Team team = fixtures.team();
        Vm vm = fixtures.vm(team);
        RequestPostProcessor admin = fixtures.signedInAdmin();

        mvc.perform(delete("/api/v1/datastores/{id}", vm.getDatastore().getId()).with(admin).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Datastore in use"))
                .andExpect(jsonPath("$.detail").value(containsString("still live in datastore")));
        mvc.perform(delete("/api/v1/teams/{id}", team.getId()).with(admin).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Delete or move the VMs of team " + team.getName() + " first"));

        mvc.perform(delete("/api/v1/vms/{id}", vm.getId()).with(admin).with(csrf())).andExpect(status().isNoContent());
        mvc.perform(delete("/api/v1/teams/{id}", team.getId()).with(admin).with(csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/datastores/{id}", vm.getDatastore().getId()).with(admin)).andExpect(status().isOk());
    }
}
