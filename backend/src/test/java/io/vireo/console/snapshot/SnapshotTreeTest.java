package io.vireo.console.snapshot;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.Vm;

@ConsoleTest
class SnapshotTreeTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;

    @Test
    void recordedSnapshotsShowAsATreeAndDeletingOneKeepsItWhole() throws Exception {
        Team team = fixtures.team();
        RequestPostProcessor operator = user(fixtures.member(team, TeamRole.OPERATOR).getUsername());
        Vm vm = fixtures.vm(team);
        Snapshot base = fixtures.snapshot(vm);
        Snapshot middle = fixtures.snapshot(vm);
        Snapshot top = fixtures.snapshot(vm);

        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.getId()).with(operator))
                .andExpect(jsonPath("$[0].id").value(base.getId()))
                .andExpect(jsonPath("$[0].children[0].id").value(middle.getId()))
                .andExpect(jsonPath("$[0].children[0].children[0].id").value(top.getId()))
                .andExpect(jsonPath("$[0].children[0].children[0].current").value(true));
        mvc.perform(get("/vms/{id}", vm.getId()).with(operator))
                .andExpect(content().string(containsString("Delete snapshot " + middle.getName())));

        String task = mvc.perform(delete("/api/v1/vms/{id}/snapshots/{s}", vm.getId(), middle.getId()).with(operator)
                        .with(csrf()))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        fixtures.awaitSucceeded(JsonPath.<Number>read(task, "$.id").longValue());

        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.getId()).with(operator))
                .andExpect(jsonPath("$[0].children[0].id").value(top.getId()))
                .andExpect(jsonPath("$[0].children[0].parentId").value(base.getId()));
    }
}
