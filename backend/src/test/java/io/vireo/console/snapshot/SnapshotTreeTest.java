package io.vireo.console.snapshot;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.VmView;

@ConsoleTest
class SnapshotTreeTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;

    @Test
    void snapshotsNestUnderTheCurrentOneAndDeletingKeepsTheTreeWhole() throws Exception {
        Team team = fixtures.team();
        RequestPostProcessor operator = user(fixtures.member(team, TeamRole.OPERATOR).getUsername());
        VmView vm = fixtures.vm(team);
        Snapshot base = fixtures.snapshot(vm);
        Snapshot middle = fixtures.snapshot(vm);
        Snapshot top = fixtures.snapshot(vm);

        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.id()).with(operator))
                .andExpect(jsonPath("$[0].id").value(base.getId()))
                .andExpect(jsonPath("$[0].children[0].id").value(middle.getId()))
                .andExpect(jsonPath("$[0].children[0].children[0].id").value(top.getId()))
                .andExpect(jsonPath("$[0].children[0].children[0].current").value(true));

        mvc.perform(delete("/api/v1/vms/{id}/snapshots/{s}", vm.id(), middle.getId()).with(operator).with(csrf()))
                .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.id()).with(operator))
                .andExpect(jsonPath("$[0].children[0].id").value(top.getId()))
                .andExpect(jsonPath("$[0].children[0].parentId").value(base.getId()));
    }

    @Test
    void revertingSaysItIsNotYetAvailable() throws Exception {
        Team team = fixtures.team();
        RequestPostProcessor owner = user(fixtures.member(team, TeamRole.OWNER).getUsername());
        VmView vm = fixtures.vm(team);
        Snapshot snapshot = fixtures.snapshot(vm);
        mvc.perform(post("/api/v1/vms/{id}/snapshots/{s}/revert", vm.id(), snapshot.getId()).with(owner).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Not yet available"));
    }
}
