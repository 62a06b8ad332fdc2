package io.vireo.console.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.team.internal.Membership;
import io.vireo.console.team.internal.TeamRepository;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.user.internal.UserRepository;

/** An administrator sets up a newcomer through the admin pages: user, team, membership, quota. */
@ConsoleTest
class AdminPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    UserRepository users;
    @Autowired
    TeamRepository teams;

    @Test
    void anAdministratorOnboardsAUserIntoANewTeamWithAQuota() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        String username = Fixtures.unique("carol");
        String teamName = Fixtures.unique("research");

        mvc.perform(post("/admin/users").with(admin).with(csrf()).param("username", username)
                        .param("displayName", "Carol").param("password", "a-long-enough-password").param("role", "USER"))
                .andExpect(flash().attribute("notice", "User created"));
        mvc.perform(post("/admin/teams").with(admin).with(csrf()).param("name", teamName))
                .andExpect(flash().attribute("notice", "Team created"));
        Long teamId = teams.findAll().stream().filter(t -> t.getName().equals(teamName)).findFirst().orElseThrow()
                .getId();
        mvc.perform(post("/admin/teams/{id}/members", teamId).with(admin).with(csrf()).param("username", username)
                .param("role", "OPERATOR")).andExpect(flash().attribute("notice", "Membership saved"));
        mvc.perform(post("/admin/teams/{id}/quota", teamId).with(admin).with(csrf()).param("vcpus", "4")
                        .param("memoryMib", "4096").param("diskGib", "40").param("vms", "2"))
                .andExpect(flash().attribute("notice", "Quota saved"));

        RequestPostProcessor carol = user(username);
        mvc.perform(get("/api/v1/teams/{id}/quota", teamId).with(carol))
                .andExpect(jsonPath("$.limit.vcpus").value(4))
                .andExpect(jsonPath("$.limit.vms").value(2));
        mvc.perform(get("/api/v1/teams/{id}/members", teamId).with(carol))
                .andExpect(jsonPath("$[0].role").value("OPERATOR"));
        assertThat(fixtures.passwords().matches("a-long-enough-password",
                users.findByUsername(username).orElseThrow().getPasswordHash())).isTrue();
    }

    @Test
    void badInputOnAnAdminFormIsExplainedNotSaved() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        mvc.perform(post("/admin/users").with(admin).with(csrf()).param("username", "Bad Name")
                        .param("displayName", "x").param("password", "short").param("role", "USER"))
                .andExpect(flash().attribute("problem", org.hamcrest.Matchers.containsString("password: at least 12")));
        assertThat(users.existsByUsername("Bad Name")).isFalse();
    }

    @Test
    void usersCannotReachAdministration() throws Exception {
        RequestPostProcessor someone = user(fixtures.user(GlobalRole.USER).getUsername());
        mvc.perform(post("/admin/users").with(someone).with(csrf()).param("username", "mallory")
                .param("displayName", "M").param("password", "a-long-enough-password").param("role", "ADMIN"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/users").with(someone).with(csrf()).contentType("application/json")
                        .content("{\"username\":\"mallory\",\"displayName\":\"M\",\"password\":\"a-long-enough-password\",\"role\":\"ADMIN\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/teams").with(someone).with(csrf()).contentType("application/json")
                .content("{\"name\":\"mine\"}")).andExpect(status().isForbidden());
        assertThat(users.existsByUsername("mallory")).isFalse();
    }
}
