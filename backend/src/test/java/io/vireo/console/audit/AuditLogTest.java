package io.vireo.console.audit;

import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.user.User;
import io.vireo.console.vm.Vm;

@ConsoleTest
class AuditLogTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;

    @Test
    void everyChangeIsLoggedWithWhoWhatAndOutcomeAndCanBeFiltered() throws Exception {
        Team team = fixtures.team();
        User owner = fixtures.member(team, TeamRole.OWNER);
        User viewer = fixtures.member(team, TeamRole.VIEWER);
        Vm vm = fixtures.vm(team);
        mvc.perform(put("/api/v1/vms/{id}", vm.getId()).with(user(owner.getUsername())).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + vm.getName() + "\",\"vcpus\":2,"
                        + "\"memoryMib\":512}")).andExpect(status().isOk());
        mvc.perform(delete("/api/v1/vms/{id}", vm.getId()).with(user(viewer.getUsername())).with(csrf()))
                .andExpect(status().isForbidden());

        User admin = fixtures.user(GlobalRole.ADMIN);
        mvc.perform(get("/api/v1/audit?actor={a}", owner.getUsername()).with(user(admin.getUsername()).roles("ADMIN")))
                .andExpect(jsonPath("$.items[0].action").value("vm.update"))
                .andExpect(jsonPath("$.items[0].outcome").value("SUCCEEDED"))
                .andExpect(jsonPath("$.items[0].at").exists());
        mvc.perform(get("/api/v1/audit?actor={a}&outcome=DENIED", viewer.getUsername())
                        .with(user(admin.getUsername()).roles("ADMIN")))
                .andExpect(jsonPath("$.items[0].action").value("vm.delete"))
                .andExpect(jsonPath("$.items[0].targetId").value(vm.getId()));
        mvc.perform(get("/api/v1/audit?action=vm.create").with(user(admin.getUsername()).roles("ADMIN")))
                .andExpect(jsonPath("$.items[*].targetId", hasItem(vm.getId().intValue())));
        mvc.perform(get("/admin/audit?actor={a}", viewer.getUsername()).with(user(admin.getUsername()).roles("ADMIN")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("vm.delete")));
    }

    @Test
    void onlyAdministratorsReadTheAuditLog() throws Exception {
        User someone = fixtures.user(GlobalRole.USER);
        mvc.perform(get("/api/v1/audit").with(user(someone.getUsername()))).andExpect(status().isForbidden());
    }
}
