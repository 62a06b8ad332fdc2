package io.vireo.console.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.Parallel;
import io.vireo.console.quota.Resources;
import io.vireo.console.snapshot.Snapshot;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.vm.Vm;

/** One journey through every table, run against whichever database the subclass points the console at. */
abstract class PostgresqlJourney {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;

    @Test
    void inventoryTeamsSnapshotsTasksAndAuditWorkOnThisDatabase() throws Exception {
        Team team = fixtures.team();
        String owner = fixtures.member(team, TeamRole.OWNER).getUsername();
        Vm vm = fixtures.vm(team);
        Snapshot first = fixtures.snapshot(vm);
        fixtures.snapshot(vm);
        fixtures.template(team);

        mvc.perform(get("/api/v1/vms?q={q}&teamId={t}", vm.getName().toUpperCase(), team.getId()).with(user(owner)))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.getId()).with(user(owner)))
                .andExpect(jsonPath("$[0].children.length()").value(1));
        String deleting = mvc.perform(delete("/api/v1/vms/{id}/snapshots/{s}", vm.getId(), first.getId())
                        .with(user(owner)).with(csrf()))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        fixtures.awaitSucceeded(JsonPath.<Number>read(deleting, "$.id").longValue());
        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.getId()).with(user(owner)))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].current").value(true));
        mvc.perform(get("/api/v1/templates").with(user(owner))).andExpect(jsonPath("$.totalItems",
                greaterThanOrEqualTo(1)));
        mvc.perform(get("/api/v1/tasks?state=SUCCEEDED").with(user(owner)))
                .andExpect(jsonPath("$.totalItems", greaterThanOrEqualTo(1)));
        mvc.perform(post("/api/v1/me/tokens").with(user(owner)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"pg\",\"validDays\":30}")).andExpect(status().isCreated());
        String admin = fixtures.user(GlobalRole.ADMIN).getUsername();
        mvc.perform(delete("/api/v1/datastores/{id}", vm.getDatastore().getId()).with(user(admin).roles("ADMIN")).with(csrf()))
                .andExpect(status().isConflict());
        mvc.perform(delete("/api/v1/vms/{id}", vm.getId()).with(user(owner)).with(csrf()))
                .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/audit?actor={a}&action=vm.delete&outcome=SUCCEEDED", owner)
                        .with(user(admin).roles("ADMIN")))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/").with(user(owner))).andExpect(status().isOk());
    }

    /** Four creations at once with room for one VM: the quota's row lock lets exactly one through. */
    @Test
    void parallelCreationsStopAtTheTeamsQuota() throws Exception {
        Team team = fixtures.team();
        String owner = fixtures.member(team, TeamRole.OWNER).getUsername();
        Long templateId = fixtures.template(team).getId();
        fixtures.quota(team, new Resources(64, 1_000_000, 1_000_000, 1));
        List<Callable<Integer>> creations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String body = """
                    {"name":"%s","teamId":%d,"vcpus":1,"memoryMib":64,"bootSource":"TEMPLATE","templateId":%d,\
                    "disks":[{"sizeGib":1}]}"""
                    .formatted(Fixtures.unique("racer"), team.getId(), templateId);
            creations.add(() -> mvc.perform(post("/api/v1/vms").with(user(owner)).with(csrf())
                    .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse().getStatus());
        }
        assertThat(Parallel.atOnce(creations)).containsExactlyInAnyOrder(201, 409, 409, 409);
    }
}
