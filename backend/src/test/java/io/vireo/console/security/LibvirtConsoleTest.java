package io.vireo.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.console.ConsoleSessions;
import io.vireo.console.console.ConsoleTicket;
import io.vireo.console.console.ConsoleTickets;
import io.vireo.console.hosts.LibvirtDaemon;
import io.vireo.console.security.Browser.ConsoleSocket;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.User;
import io.vireo.console.vm.PowerAction;
import io.vireo.console.vm.VmPowerService;

/**
 * The browser console of a VM on a libvirt host opens through the same single-use ticket and WebSocket as a local
 * VM's: the console relays the domain's VNC display from the host's loopback (a view-only viewer's keys and pointer
 * held back), and the viewer list shows who watches.
 */
@RedTeamTest
@ExtendWith(LibvirtDaemon.class)
class LibvirtConsoleTest {
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
    VmPowerService power;

    @Test
    void theConsoleOfALibvirtVmOpensWithATicketAndListsItsViewer() throws Exception {
        Team team = fixtures.team();
        User owner = fixtures.member(team, TeamRole.OWNER);
        String added = mvc.perform(post("/api/v1/hosts").with(fixtures.signedInAdmin()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"qemu-screen\",\"uri\":\"" + LibvirtDaemon.uri() + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long hostId = JsonPath.<Number>read(added, "$.id").longValue();
        String created = mvc.perform(post("/api/v1/vms").with(fixtures.signedIn(team, TeamRole.OWNER)).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + Fixtures.unique("screen") + "\",\"teamId\":" + team.getId()
                                + ",\"vcpus\":1,\"memoryMib\":256,\"bootSource\":\"TEMPLATE\",\"templateId\":"
                                + fixtures.tinyTemplate() + ",\"hostId\":" + hostId + "}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long vmId = JsonPath.<Number>read(created, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> fixtures.asAdmin(
                () -> power.changePower(vmId, PowerAction.START, null)) != null);
        try {
            Browser browser = new Browser(port).signIn(owner.getUsername(), Fixtures.PASSWORD);
            ConsoleTicket ticket = fixtures.as(owner.getUsername(), () -> tickets.issue(vmId));
            ConsoleSocket console = browser.openConsole(ticket.path(), ticket.ticket(),
                    Map.of("Origin", browser.origin()));

            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> console.receivedText().startsWith(RFB_GREETING));
            assertThat(fixtures.asAdmin(() -> sessions.list(vmId))).singleElement()
                    .satisfies(c -> assertThat(c.user()).isEqualTo(owner.getUsername()));

            User viewer = fixtures.member(team, TeamRole.VIEWER);
            Browser watching = new Browser(port).signIn(viewer.getUsername(), Fixtures.PASSWORD);
            ConsoleTicket viewOnly = fixtures.as(viewer.getUsername(), () -> tickets.issue(vmId));
            ConsoleSocket watcher = watching.openConsole(viewOnly.path(), viewOnly.ticket(),
                    Map.of("Origin", watching.origin()));
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> watcher.receivedText().startsWith(RFB_GREETING));
            assertThat(fixtures.asAdmin(() -> sessions.list(vmId))).hasSize(2)
                    .anySatisfy(c -> assertThat(c.user().equals(viewer.getUsername()) && c.viewOnly()).isTrue());
            watcher.close();
            console.close();
        } finally {
            fixtures.asAdmin(() -> power.changePower(vmId, PowerAction.STOP, null));
        }
    }
}
