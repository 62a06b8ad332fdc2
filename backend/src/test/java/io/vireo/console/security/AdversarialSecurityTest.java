package io.vireo.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.snapshot.Snapshot;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.template.TemplateView;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.user.User;
import io.vireo.console.vm.VmView;

/**
 * An attacker's view: a member of team A probing team B's objects by id, through the API and the
 * pages; a viewer trying to change things; forged CSRF tokens; a token outliving its user's access.
 */
@ConsoleTest
class AdversarialSecurityTest {

    private static final String VM_UPDATE = """
            {"name":"stolen","vcpus":1,"memoryMib":512}""";

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;

    Team teamB;
    VmView vmB;
    Snapshot snapshotB;
    TemplateView templateB;
    Long taskB;
    User memberOfA;

    @BeforeEach
    void twoTeams() {
        Team teamA = fixtures.team();
        fixtures.vm(teamA);
        memberOfA = fixtures.member(teamA, TeamRole.OWNER);
        teamB = fixtures.team();
        vmB = fixtures.vm(teamB);
        snapshotB = fixtures.snapshot(vmB);
        templateB = fixtures.template(teamB);
        taskB = fixtures.createTaskOf(vmB).getId();
    }

    @Test
    void ownerOfAnotherTeamFindsNothingOfTeamBThroughTheApi() throws Exception {
        RequestPostProcessor attacker = user(memberOfA.getUsername());
        long vm = vmB.id();
        long snap = snapshotB.getId();
        List<MockHttpServletRequestBuilder> probes = List.of(
                get("/api/v1/vms/{id}", vm),
                put("/api/v1/vms/{id}", vm).contentType(MediaType.APPLICATION_JSON).content(VM_UPDATE),
                delete("/api/v1/vms/{id}", vm),
                post("/api/v1/vms/{id}/power", vm).contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"),
                get("/api/v1/vms/{id}/snapshots", vm),
                post("/api/v1/vms/{id}/snapshots", vm).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\"}"),
                get("/api/v1/vms/{id}/snapshots/{s}", vm, snap),
                delete("/api/v1/vms/{id}/snapshots/{s}", vm, snap),
                post("/api/v1/vms/{id}/snapshots/{s}/revert", vm, snap),
                get("/api/v1/templates/{id}", templateB.id()),
                delete("/api/v1/templates/{id}", templateB.id()),
                get("/api/v1/tasks/{id}", taskB),
                post("/api/v1/tasks/{id}/cancel", taskB),
                get("/api/v1/teams/{id}", teamB.getId()),
                get("/api/v1/teams/{id}/members", teamB.getId()),
                get("/api/v1/teams/{id}/quota", teamB.getId()));
        for (MockHttpServletRequestBuilder probe : probes) {
            mvc.perform(probe.with(attacker).with(csrf()))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Test
    void guessedIdsOfAnotherTeamLookExactlyLikeMissingOnes() throws Exception {
        RequestPostProcessor attacker = user(memberOfA.getUsername());
        for (long id = vmB.id() - 3; id <= vmB.id() + 3; id++) {
            String answer = mvc.perform(get("/api/v1/vms/{id}", id).with(attacker))
                    .andReturn().getResponse().getContentAsString();
            if (!answer.contains("\"name\"")) {
                assertThat(answer).contains("\"status\":404").contains("VM " + id + " was not found");
            } else {
                assertThat(answer).doesNotContain("\"teamId\":" + teamB.getId());
            }
        }
        mvc.perform(get("/api/v1/vms/{id}", 999_999).with(attacker)).andExpect(status().isNotFound());
    }

    @Test
    void listsNeverShowAnotherTeamsObjects() throws Exception {
        RequestPostProcessor attacker = user(memberOfA.getUsername());
        String vms = mvc.perform(get("/api/v1/vms?size=200").with(attacker)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(vms).doesNotContain(vmB.name());
        mvc.perform(get("/api/v1/vms?teamId={t}", teamB.getId()).with(attacker))
                .andExpect(jsonPath("$.totalItems").value(0));
        String templates = mvc.perform(get("/api/v1/templates?size=200").with(attacker))
                .andReturn().getResponse().getContentAsString();
        assertThat(templates).doesNotContain(templateB.name());
        String tasks = mvc.perform(get("/api/v1/tasks?size=200").with(attacker))
                .andReturn().getResponse().getContentAsString();
        assertThat(tasks).doesNotContain(vmB.name());
    }

    @Test
    void ownerOfAnotherTeamCannotCreateVmsInTeamB() throws Exception {
        mvc.perform(post("/api/v1/vms").with(user(memberOfA.getUsername())).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"intruder\",\"teamId\":" + teamB.getId()
                                + ",\"vcpus\":1,\"memoryMib\":512,\"bootSource\":\"DISK\",\"disks\":[{\"sizeGib\":1}]}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void ownerOfAnotherTeamFindsNothingOfTeamBThroughThePages() throws Exception {
        RequestPostProcessor attacker = user(memberOfA.getUsername());
        mvc.perform(get("/vms/{id}", vmB.id()).with(attacker)).andExpect(status().isNotFound());
        mvc.perform(get("/templates/{id}", templateB.id()).with(attacker)).andExpect(status().isNotFound());
        mvc.perform(get("/tasks/{id}", taskB).with(attacker)).andExpect(status().isNotFound());
        mvc.perform(post("/vms/{id}/delete", vmB.id()).with(attacker).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(post("/vms/{id}/snapshots", vmB.id()).param("name", "x").with(attacker).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/vms/{id}/snapshots/{s}/delete", vmB.id(), snapshotB.getId()).with(attacker).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/tasks/{id}/cancel", taskB).with(attacker).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(post("/templates/{id}/delete", templateB.id()).with(attacker).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/admin/users").with(user(memberOfA.getUsername()))).andExpect(status().isForbidden());
    }

    @Test
    void viewerSeesButCannotChangeState() throws Exception {
        RequestPostProcessor viewer = user(fixtures.member(teamB, TeamRole.VIEWER).getUsername());
        long vm = vmB.id();
        mvc.perform(get("/api/v1/vms/{id}", vm).with(viewer)).andExpect(status().isOk());
        mvc.perform(get("/vms/{id}", vm).with(viewer)).andExpect(status().isOk());
        List<MockHttpServletRequestBuilder> changes = List.of(
                put("/api/v1/vms/{id}", vm).contentType(MediaType.APPLICATION_JSON).content(VM_UPDATE),
                delete("/api/v1/vms/{id}", vm),
                post("/api/v1/vms/{id}/power", vm).contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"STOP\"}"),
                post("/api/v1/vms/{id}/snapshots", vm).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\"}"),
                delete("/api/v1/vms/{id}/snapshots/{s}", vm, snapshotB.getId()),
                delete("/api/v1/templates/{id}", templateB.id()),
                post("/api/v1/tasks/{id}/cancel", taskB),
                post("/api/v1/vms").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"v\",\"teamId\":"
                        + teamB.getId() + ",\"vcpus\":1,\"memoryMib\":512,\"bootSource\":\"DISK\",\"disks\":[{\"sizeGib\":1}]}"),
                post("/vms/{id}/delete", vm),
                post("/vms/{id}/snapshots", vm).param("name", "x"));
        for (MockHttpServletRequestBuilder change : changes) {
            mvc.perform(change.with(viewer).with(csrf())).andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm).with(viewer))
                .andExpect(jsonPath("$.length()").value(1));
    }

    @Test
    void operatorMayTakeSnapshotsButNotReconfigure() throws Exception {
        RequestPostProcessor operator = user(fixtures.member(teamB, TeamRole.OPERATOR).getUsername());
        mvc.perform(post("/api/v1/vms/{id}/snapshots", vmB.id()).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"before-upgrade\"}"))
                .andExpect(status().isCreated());
        mvc.perform(delete("/api/v1/vms/{id}", vmB.id()).with(operator).with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void formsRefuseAForgedOrMissingCsrfToken() throws Exception {
        RequestPostProcessor owner = user(fixtures.member(teamB, TeamRole.OWNER).getUsername());
        mvc.perform(post("/vms/{id}/delete", vmB.id()).with(owner).with(csrf().useInvalidToken()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/vms/{id}/delete", vmB.id()).with(owner)).andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/vms/{id}", vmB.id()).with(owner).with(csrf().useInvalidToken()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/vms/{id}", vmB.id()).with(owner)).andExpect(status().isOk());
    }

    @Test
    void disabledUsersTokenStopsWorkingAtOnce() throws Exception {
        User alice = fixtures.member(teamB, TeamRole.OWNER);
        String secret = issueToken(alice);
        mvc.perform(get("/api/v1/vms/{id}", vmB.id()).header("Authorization", "Bearer " + secret))
                .andExpect(status().isOk());

        User admin = fixtures.user(GlobalRole.ADMIN);
        mvc.perform(put("/api/v1/users/{id}", alice.getId()).with(user(admin.getUsername()).roles("ADMIN")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\":\"Alice\",\"role\":\"USER\",\"enabled\":false}"))
                .andExpect(status().isOk());

        mvc.perform(get("/api/v1/vms/{id}", vmB.id()).header("Authorization", "Bearer " + secret))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/vms/{id}", vmB.id()).with(user(alice.getUsername())))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void revokedOrMadeUpTokensAreRefused() throws Exception {
        User bob = fixtures.member(teamB, TeamRole.VIEWER);
        String secret = issueToken(bob);
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + secret + "x"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer not-a-token")).andExpect(status().isUnauthorized());
        String id = mvc.perform(get("/api/v1/me/tokens").header("Authorization", "Bearer " + secret))
                .andReturn().getResponse().getContentAsString().replaceAll(".*\"id\":(\\d+).*", "$1");
        mvc.perform(delete("/api/v1/me/tokens/{id}", id).header("Authorization", "Bearer " + secret))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + secret)).andExpect(status().isUnauthorized());
    }

    @Test
    void signedOutCallersGetProblemsFromTheApiAndTheLoginPageFromPages() throws Exception {
        mvc.perform(get("/api/v1/vms")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.title").value("Unauthorized"));
        mvc.perform(get("/vms")).andExpect(status().is3xxRedirection());
    }

    private String issueToken(User owner) throws Exception {
        String body = mvc.perform(post("/api/v1/me/tokens").with(user(owner.getUsername())).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"script\"}"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return body.replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
    }
}
