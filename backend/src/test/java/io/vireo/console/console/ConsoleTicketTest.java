package io.vireo.console.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.MovableClock;
import io.vireo.console.audit.AuditLog;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.User;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmQueries;

/** Console tickets: who gets one, and what a WebSocket needs besides it to open. */
@ConsoleTest
class ConsoleTicketTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ConsoleTickets tickets;
    @Autowired
    VmQueries vms;
    @Autowired
    AccessPolicy access;
    @Autowired
    AuditLog audit;

    Team team;
    User operator;
    Vm vm;

    @BeforeEach
    void aTeamVm() {
        team = fixtures.team();
        operator = fixtures.member(team, TeamRole.OPERATOR);
        vm = fixtures.vm(team);
    }

    @Test
    void operatorsGetAnInputTicketViewersAViewOnlyOneAndOtherTeamsNone() throws Exception {
        mvc.perform(post("/api/v1/vms/{id}/console/tickets", vm.getId()).with(user(operator.getUsername())).with(csrf()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.viewOnly").value(false))
                .andExpect(jsonPath("$.path").value("/console/ws/vms/" + vm.getId()));
        User viewer = fixtures.member(team, TeamRole.VIEWER);
        mvc.perform(post("/api/v1/vms/{id}/console/tickets", vm.getId()).with(user(viewer.getUsername())).with(csrf()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.viewOnly").value(true));
        User stranger = fixtures.member(fixtures.team(), TeamRole.OWNER);
        mvc.perform(post("/api/v1/vms/{id}/console/tickets", vm.getId()).with(user(stranger.getUsername())).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/vms/{id}/console", vm.getId()).with(user(stranger.getUsername())))
                .andExpect(status().isNotFound());
    }

    @Test
    void aTicketOpensTheConsoleOnceForItsOwnUserVmAndOrigin() {
        ConsoleHandshake handshake = new ConsoleHandshake(tickets, audit);
        String ticket = issue(tickets);
        User other = fixtures.member(team, TeamRole.OPERATOR);

        assertThat(open(handshake, other.getUsername(), vm.getId(), ticket, "http://localhost:8080"))
                .as("another user's ticket").isEqualTo(HttpStatus.FORBIDDEN);
        String second = issue(tickets);
        assertThat(open(handshake, operator.getUsername(), vm.getId(), second, "http://evil.example"))
                .as("a page elsewhere").isEqualTo(HttpStatus.FORBIDDEN);
        String third = issue(tickets);
        assertThat(open(handshake, operator.getUsername(), vm.getId() + 1, third, "http://localhost:8080"))
                .as("another VM").isEqualTo(HttpStatus.FORBIDDEN);
        String good = issue(tickets);
        assertThat(open(handshake, operator.getUsername(), vm.getId(), good, "http://localhost:8080")).isNull();
        assertThat(open(handshake, operator.getUsername(), vm.getId(), good, "http://localhost:8080"))
                .as("used once already").isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(open(handshake, operator.getUsername(), vm.getId(), "guessed", "http://localhost:8080"))
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aTicketExpiresAfterThirtySeconds() {
        MovableClock clock = new MovableClock(Instant.now());
        ConsoleTickets timed = new ConsoleTickets(vms, access, clock);
        String ticket = issue(timed);
        clock.advance(ConsoleTickets.VALIDITY.plusSeconds(1));
        assertThat(timed.redeem(ticket, vm.getId(), operator.getUsername())).isEmpty();
        String fresh = issue(timed);
        clock.advance(ConsoleTickets.VALIDITY.minusSeconds(1));
        assertThat(timed.redeem(fresh, vm.getId(), operator.getUsername())).isPresent();
    }

    private String issue(ConsoleTickets from) {
        return fixtures.as(operator.getUsername(), () -> from.issue(vm.getId()).ticket());
    }

    /** Answers the refusal status, or null when the WebSocket may open. */
    private static HttpStatus open(ConsoleHandshake handshake, String username, Long vmId, String ticket, String origin) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/console/ws/vms/" + vmId);
        request.setQueryString("ticket=" + ticket);
        request.setServerName("localhost");
        request.setServerPort(8080);
        request.addHeader("Host", "localhost:8080");
        request.addHeader("Origin", origin);
        request.setUserPrincipal(UsernamePasswordAuthenticationToken.authenticated(username, null, null));
        MockHttpServletResponse response = new MockHttpServletResponse();
        Map<String, Object> attributes = new HashMap<>();
        boolean opened = handshake.beforeHandshake(new ServletServerHttpRequest(request),
                new ServletServerHttpResponse(response), null, attributes);
        assertThat(opened).isEqualTo(attributes.containsKey(ConsoleHandshake.TICKET));
        return opened ? null : HttpStatus.valueOf(response.getStatus());
    }
}
