package io.vireo.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
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
import io.vireo.console.hosts.LoopbackSshd;
import io.vireo.console.security.Browser.ConsoleSocket;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.User;
import io.vireo.console.vm.PowerAction;
import io.vireo.console.vm.VmPowerService;

/**
 * The browser console of a VM on a libvirt host opens through the same single-use ticket and WebSocket as a local
 * VM's: the console relays the domain's VNC display from the host's loopback (directly on this machine, through an
 * SSH tunnel for a {@code qemu+ssh} host; a view-only viewer's keys and pointer held back), each viewer reads a
 * picture of the screen, and the viewer list shows who watches.
 */
@RedTeamTest
@ExtendWith(LibvirtDaemon.class)
class LibvirtConsoleTest {
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
        long hostId = addHost("qemu-screen", LibvirtDaemon.uri());
        watchAVmOn(hostId, () -> { });
    }

    /**
     * On a {@code qemu+ssh} host (the machine's daemon behind a loopback sshd) the display comes through an
     * {@code ssh -W} child that checks the host's pinned key; the child ends with the viewer's session.
     */
    @Test
    @ExtendWith(LoopbackSshd.class)
    void theConsoleOfAVmOnAnSshHostComesThroughAnSshTunnelThatEndsWithTheSession() throws Exception {
        String key = mvc.perform(get("/api/v1/hosts/ssh-key").with(fixtures.signedInAdmin()))
                .andReturn().getResponse().getContentAsString().strip();
        Files.writeString(LoopbackSshd.authorizedKeys(), key + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        long hostId = addHost("ssh-screen", LoopbackSshd.libvirtUri());

        watchAVmOn(hostId, () -> assertThat(sshTunnels()).as("one ssh child per viewer").hasSize(2));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sshTunnels().isEmpty());
    }

    /** The console's {@code ssh -W} children: its display tunnels. */
    private static List<ProcessHandle> sshTunnels() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/ssh")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("-W")).orElse(false)).toList();
    }

    private long addHost(String name, String uri) throws Exception {
        String added = mvc.perform(post("/api/v1/hosts").with(fixtures.signedInAdmin()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"uri\":\"" + uri + "\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("CONNECTED"))
                .andReturn().getResponse().getContentAsString();
        return JsonPath.<Number>read(added, "$.id").longValue();
    }

    /**
     * Powers on a tiny VM on the host, opens its console as its owner (who reads a picture of its screen) and as a
     * view-only viewer, both in the viewer list; {@code whileOpen} checks what it will, then both close.
     */
    private void watchAVmOn(long hostId, Runnable whileOpen) throws Exception {
        Team team = fixtures.team();
        User owner = fixtures.member(team, TeamRole.OWNER);
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
            RfbViewer.awaitPicture(console, Duration.ofSeconds(60));
            assertThat(fixtures.asAdmin(() -> sessions.list(vmId))).singleElement()
                    .satisfies(c -> assertThat(c.user()).isEqualTo(owner.getUsername()));

            User viewer = fixtures.member(team, TeamRole.VIEWER);
            Browser watching = new Browser(port).signIn(viewer.getUsername(), Fixtures.PASSWORD);
            ConsoleTicket viewOnly = fixtures.as(viewer.getUsername(), () -> tickets.issue(vmId));
            ConsoleSocket watcher = watching.openConsole(viewOnly.path(), viewOnly.ticket(),
                    Map.of("Origin", watching.origin()));
            RfbViewer.awaitPicture(watcher, Duration.ofSeconds(60));
            assertThat(fixtures.asAdmin(() -> sessions.list(vmId))).hasSize(2)
                    .anySatisfy(c -> assertThat(c.user().equals(viewer.getUsername()) && c.viewOnly()).isTrue());
            whileOpen.run();
            watcher.close();
            console.close();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fixtures.asAdmin(() -> sessions.list(vmId))
                    .isEmpty());
        } finally {
            fixtures.asAdmin(() -> power.changePower(vmId, PowerAction.STOP, null));
        }
    }
}
