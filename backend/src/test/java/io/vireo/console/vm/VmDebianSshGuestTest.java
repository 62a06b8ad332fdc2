package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.GuestTests;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.User;
import io.vireo.engine.appliance.debian.CommandRunner;

/**
 * The real engine behind a VM deployed from the catalog's Debian: its creator's account holds an SSH key the test
 * made, the VM gets a card on the NAT network {@code default} and a forward from a host port to the guest's port 22,
 * all through the API; once it runs, the host's {@code ssh} logs in with that key as the creator and finds the
 * VM's name and the creator's user, and <i>Shut down</i> ends in stopped, the guest having powered off by itself
 * (systemd-logind takes the power button). One Debian boot: it costs minutes of CI.
 */
class VmDebianSshGuestTest extends GuestTests {
    private static final Duration BOOT = Duration.ofMinutes(15);
    private static final Duration SHUTDOWN = Duration.ofMinutes(4);
    private static final Duration HOST_COMMAND = Duration.ofMinutes(2);

    @TempDir
    Path temp;
    /** What the last ssh that failed printed, for the failure's message. */
    private String lastRefusal = "(not run)";

    @Test
    void theCreatorLogsInOverSshThroughAForwardWithTheKeyOfTheirAccountAndShutDownStopsTheVm() throws Exception {
        Path identity = temp.resolve("id_ed25519");
        host(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "me@laptop", "-f", identity.toString()));
        String key = Files.readString(temp.resolve("id_ed25519.pub")).strip();
        Long templateId = fixtures.applianceTemplate("debian");
        Team team = fixtures.team();
        User creator = fixtures.member(team, TeamRole.OWNER);
        RequestPostProcessor owner = user(creator.getUsername());
        mvc.perform(put("/api/v1/me").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"sshPublicKey\":\"" + key + "\"}")).andExpect(status().isOk());

        String name = Fixtures.unique("deb");
        String created = mvc.perform(post("/api/v1/templates/{id}/vms", templateId).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"teamId\":" + team.getId() + "}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long id = JsonPath.<Number>read(created, "$.id").longValue();
        fixtures.awaitSucceeded(fixtures.createTaskOf(vms.findById(id).orElseThrow()).getId());
        String card = mvc.perform(post("/api/v1/vms/{id}/nics", id).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"networkId\":" + fixtures.defaultNetwork().getId() + "}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long nic = JsonPath.<Number>read(card, "$.nic.id").longValue();
        int port = Fixtures.freePort();
        mvc.perform(post("/api/v1/vms/{id}/nics/{nic}/forwards", id, nic).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"protocol\":\"TCP\",\"hostPort\":" + port + ",\"guestPort\":22}"))
                .andExpect(status().isCreated());

        guest.power(owner, id, "START");
        // sshd answers once the guest has booted, made its host keys and leased its address: until then the
        // forward's connection is refused.
        String user = GuestIdentity.linuxUserName(creator.getUsername());
        String answer;
        try {
            answer = Awaitility.await().atMost(BOOT).pollInterval(Duration.ofSeconds(5))
                    .until(() -> ssh(identity, port, user, "hostname; id -un"), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("ssh never got in; it said: " + lastRefusal + "\nserial console:\n"
                    + guest.serial(owner, id), e);
        }
        assertThat(answer).isEqualTo(name.toLowerCase().replace('_', '-') + "\n" + user);

        mvc.perform(post("/api/v1/vms/{id}/power", id).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"SHUTDOWN\",\"timeoutSeconds\":" + SHUTDOWN.toSeconds() + "}"))
                .andExpect(status().isOk());
        Awaitility.await().atMost(SHUTDOWN.plusMinutes(1))
                .until(() -> vms.findById(id).orElseThrow().getPowerState() == PowerState.STOPPED);
        mvc.perform(get("/api/v1/vms/{id}/events", id).with(owner))
                .andExpect(jsonPath("$[0].message").value("stopped: the guest powered off"));
    }

    /**
     * What {@code command} printed in the guest through the host's ssh client (its output stripped), or nothing
     * while ssh fails.
     */
    private Optional<String> ssh(Path identity, int port, String user, String command) throws Exception {
        CommandRunner.Result result = new CommandRunner(HOST_COMMAND).run(temp, List.of("ssh", "-i", identity.toString(),
                "-p", Integer.toString(port), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20",
                user + "@127.0.0.1", command));
        if (!result.succeeded()) {
            lastRefusal = result.output();
            return Optional.empty();
        }
        return Optional.of(result.output());
    }

    private void host(List<String> command) throws Exception {
        CommandRunner.Result result = new CommandRunner(HOST_COMMAND).run(temp, command);
        assertThat(result.succeeded()).as("%s: %s", command.getFirst(), result.output()).isTrue();
    }
}
