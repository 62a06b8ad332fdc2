package io.vireo.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.Fixtures;
import io.vireo.console.MovableClock;
import io.vireo.console.authentication.ApiTokenService;
import io.vireo.console.authentication.TokenRequest;
import io.vireo.console.console.ConsoleSessions;
import io.vireo.console.console.ConsoleTicket;
import io.vireo.console.console.ConsoleTickets;
import io.vireo.console.security.Browser.ConsoleSocket;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.User;
import io.vireo.console.vm.PowerAction;
import io.vireo.console.vm.VmPowerService;
import io.vireo.console.vm.Vm;

/**
 * The long-lived channels (the console WebSocket, the serial console, the task event stream) as an attacker
 * tries them: without the session, from another origin, with a spent ticket, and after losing the right
 * to them while connected. A right taken away ends what it granted within a second.
 */
@RedTeamTest
class AdversarialChannelTest {
    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);
    private static final String RFB_GREETING = "RFB 003.008\n";

    @LocalServerPort
    int port;
    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ConsoleTickets tickets;
    @Autowired
    ConsoleSessions sessions;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    VmPowerService power;
    @Autowired
    MovableClock clock;

    Team team;
    User operator;
    Vm vm;
    RequestPostProcessor admin;

    @BeforeEach
    void anOperatorOfARunningVm() {
        team = fixtures.team();
        operator = fixtures.member(team, TeamRole.OPERATOR);
        vm = fixtures.runningVm(team);
        admin = fixtures.signedInAdmin();
    }

    @AfterEach
    void powerOff() {
        fixtures.asAdmin(() -> power.changePower(vm.getId(), PowerAction.STOP, null));
    }

    @Test
    void theConsoleOpensForTheSignedInSessionFromThisConsolesPages() throws Exception {
        Browser browser = signedIn(operator);
        ConsoleSocket console = open(browser, ticketFor(operator), Map.of("Origin", browser.origin()));

        assertThat(console.isOpen()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> console.receivedText().startsWith(RFB_GREETING));
        assertThat(fixtures.asAdmin(() -> sessions.list(vm.getId()))).singleElement()
                .satisfies(c -> assertThat(c.viewOnly()).isFalse());
        console.close();
    }

    @Test
    void aBearerTokenWithoutTheSignedInSessionOpensNoConsole() throws Exception {
        String secret = fixtures.as(operator.getUsername(), () -> tokens.issue(new TokenRequest("script", null))).secret();
        Browser script = new Browser(port);
        ConsoleSocket console = open(script, ticketFor(operator),
                Map.of("Origin", script.origin(), "Authorization", "Bearer " + secret));

        assertThat(console.isOpen()).as("the console WebSocket needs the browser session, not an API token").isFalse();
    }

    @Test
    void aPageOnAnotherOriginOrASpentTicketOpensNoConsole() throws Exception {
        Browser browser = signedIn(operator);
        assertThat(open(browser, ticketFor(operator), Map.of("Origin", "http://evil.example")).refusedWith())
                .isEqualTo(403);
        assertThat(open(browser, ticketFor(operator), Map.of()).refusedWith()).as("no Origin").isEqualTo(403);

        ConsoleTicket ticket = ticketFor(operator);
        ConsoleSocket first = open(browser, ticket, Map.of("Origin", browser.origin()));
        assertThat(first.isOpen()).isTrue();
        assertThat(open(browser, ticket, Map.of("Origin", browser.origin())).refusedWith()).as("used once already")
                .isEqualTo(403);
        first.close();
    }

    @Test
    void aTicketOlderThanThirtySecondsOpensNothing() throws Exception {
        Browser browser = signedIn(operator);
        ConsoleTicket stale = ticketFor(operator);
        clock.advance(ConsoleTickets.VALIDITY.plusSeconds(1));

        assertThat(open(browser, stale, Map.of("Origin", browser.origin())).refusedWith()).isEqualTo(403);
        ConsoleSocket fresh = open(browser, ticketFor(operator), Map.of("Origin", browser.origin()));
        assertThat(fresh.isOpen()).as("a fresh ticket still opens").isTrue();
        fresh.close();
    }

    @Test
    void anotherUsersTicketOpensNothingEvenWithASession() throws Exception {
        User other = fixtures.member(team, TeamRole.OPERATOR);
        Browser browser = signedIn(other);
        assertThat(open(browser, ticketFor(operator), Map.of("Origin", browser.origin())).refusedWith()).isEqualTo(403);
    }

    @Test
    void aDisabledUsersOpenConsoleEndsWithinASecond() throws Exception {
        Browser browser = signedIn(operator);
        ConsoleSocket console = open(browser, ticketFor(operator), Map.of("Origin", browser.origin()));
        assertThat(console.isOpen()).isTrue();

        disable(operator);

        assertThat(console.closeCode(WITHIN_A_SECOND)).isNotEqualTo(1000);
        Awaitility.await().atMost(WITHIN_A_SECOND).until(() -> fixtures.asAdmin(() -> sessions.list(vm.getId())).isEmpty());
    }

    @Test
    void aMemberRemovedFromTheTeamLosesTheOpenConsoleWithinASecond() throws Exception {
        Browser browser = signedIn(operator);
        ConsoleSocket console = open(browser, ticketFor(operator), Map.of("Origin", browser.origin()));
        assertThat(console.isOpen()).isTrue();

        mvc.perform(delete("/api/v1/teams/{t}/members/{u}", team.getId(), operator.getId()).with(admin).with(csrf()))
                .andExpect(status().isNoContent());

        assertThat(console.closeCode(WITHIN_A_SECOND)).isNotEqualTo(1000);
    }

    @Test
    void anOperatorLoweredToViewerLosesConsoleInputWithinASecond() throws Exception {
        Browser browser = signedIn(operator);
        ConsoleSocket console = open(browser, ticketFor(operator), Map.of("Origin", browser.origin()));
        assertThat(console.isOpen()).isTrue();

        setRole(operator, TeamRole.VIEWER);

        assertThat(console.closeCode(WITHIN_A_SECOND)).isNotEqualTo(1000);
        ConsoleSocket again = open(browser, ticketFor(operator), Map.of("Origin", browser.origin()));
        assertThat(again.isOpen()).as("a viewer may still watch").isTrue();
        // The client sees the upgrade before the server has recorded the connection; the greeting comes after.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> again.receivedText().startsWith(RFB_GREETING));
        assertThat(fixtures.asAdmin(() -> sessions.list(vm.getId()))).singleElement()
                .satisfies(c -> assertThat(c.viewOnly()).isTrue());
        again.close();
    }

    @Test
    void aTicketIssuedBeforeTheUserLostTheRightOpensNothing() throws Exception {
        Browser browser = signedIn(operator);
        ConsoleTicket beforeDisable = ticketFor(operator);
        disable(operator);
        assertThat(open(browser, beforeDisable, Map.of("Origin", browser.origin())).isOpen()).isFalse();

        User removed = fixtures.member(team, TeamRole.OPERATOR);
        Browser other = signedIn(removed);
        ConsoleTicket beforeRemoval = ticketFor(removed);
        mvc.perform(delete("/api/v1/teams/{t}/members/{u}", team.getId(), removed.getId()).with(admin).with(csrf()))
                .andExpect(status().isNoContent());
        assertThat(open(other, beforeRemoval, Map.of("Origin", other.origin())).isOpen()).isFalse();
    }

    @Test
    void theSerialConsoleFollowsTheUsersRightsOnEveryRequest() throws Exception {
        RequestPostProcessor session = user(operator.getUsername());
        mvc.perform(get("/api/v1/vms/{id}/serial", vm.getId()).with(session)).andExpect(status().isOk());
        type(session).andExpect(status().isNoContent());

        setRole(operator, TeamRole.VIEWER);
        mvc.perform(get("/api/v1/vms/{id}/serial", vm.getId()).with(session)).andExpect(status().isOk());
        type(session).andExpect(status().isForbidden());

        mvc.perform(delete("/api/v1/teams/{t}/members/{u}", team.getId(), operator.getId()).with(admin).with(csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/vms/{id}/serial", vm.getId()).with(session)).andExpect(status().isNotFound());
        type(session).andExpect(status().isNotFound());

        User disabled = fixtures.member(team, TeamRole.OWNER);
        disable(disabled);
        mvc.perform(get("/api/v1/vms/{id}/serial", vm.getId()).with(user(disabled.getUsername())))
                .andExpect(status().isUnauthorized());
        type(user(disabled.getUsername())).andExpect(status().isUnauthorized());
    }

    @Test
    void aRemovedMembersTaskStreamCarriesNoMoreOfTheTeamsTasks() throws Exception {
        User member = fixtures.member(team, TeamRole.VIEWER);
        MvcResult stream = subscribe(member);
        MvcResult control = subscribe(fixtures.member(team, TeamRole.VIEWER));
        Vm before = fixtures.vm(team);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events(stream).contains(before.getName()));

        mvc.perform(delete("/api/v1/teams/{t}/members/{u}", team.getId(), member.getId()).with(admin).with(csrf()))
                .andExpect(status().isNoContent());
        Vm after = fixtures.vm(team);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events(control).contains(after.getName()));
        assertThat(events(stream)).doesNotContain(after.getName());
    }

    @Test
    void aDisabledUsersTaskStreamCarriesNothingMore() throws Exception {
        User member = fixtures.member(team, TeamRole.VIEWER);
        MvcResult stream = subscribe(member);
        MvcResult control = subscribe(fixtures.member(team, TeamRole.VIEWER));
        disable(member);
        Vm after = fixtures.vm(team);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events(control).contains(after.getName()));
        assertThat(events(stream)).doesNotContain(after.getName());
    }

    private Browser signedIn(User user) throws Exception {
        return new Browser(port).signIn(user.getUsername(), Fixtures.PASSWORD);
    }

    private ConsoleTicket ticketFor(User user) {
        return fixtures.as(user.getUsername(), () -> tickets.issue(vm.getId()));
    }

    private static ConsoleSocket open(Browser browser, ConsoleTicket ticket, Map<String, String> headers)
            throws InterruptedException {
        return browser.openConsole(ticket.path(), ticket.ticket(), headers);
    }

    private void disable(User user) throws Exception {
        mvc.perform(put("/api/v1/users/{id}", user.getId()).with(admin).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\":\"Gone\",\"role\":\"USER\",\"enabled\":false}"))
                .andExpect(status().isOk());
    }

    private void setRole(User user, TeamRole role) throws Exception {
        mvc.perform(put("/api/v1/teams/{t}/members", team.getId()).with(admin).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + user.getUsername() + "\",\"role\":\"" + role + "\"}"))
                .andExpect(status().isOk());
    }

    private org.springframework.test.web.servlet.ResultActions type(RequestPostProcessor who) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/serial/input", vm.getId()).with(who).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"reboot\\n\"}"));
    }

    private MvcResult subscribe(User user) throws Exception {
        return mvc.perform(get("/api/v1/tasks/events").with(user(user.getUsername())))
                .andExpect(request().asyncStarted()).andReturn();
    }

    private static String events(MvcResult stream) throws Exception {
        return stream.getResponse().getContentAsString();
    }
}
