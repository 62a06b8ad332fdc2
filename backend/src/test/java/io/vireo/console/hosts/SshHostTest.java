package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.GuestTests;
import io.vireo.console.hosts.internal.HostRepository;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.PowerState;

/**
 * A {@code qemu+ssh} host: the administrator reads the console's public key, authorizes it on the host (here a
 * throw-away sshd on loopback in front of the machine's own libvirtd), adds the host by a plain URI (the console
 * pins the host key it presents, shown by fingerprint), and a tiny VM placed there boots to its serial marker and
 * answers what is typed on its serial console, over the libvirt connection.
 */
@ExtendWith({LibvirtDaemon.class, LoopbackSshd.class})
class SshHostTest extends GuestTests {
    private static final Duration BOOT = Duration.ofMinutes(3);

    @Autowired
    HostRepository hosts;
    @Autowired
    HostDrivers drivers;

    @Test
    void aHostOverSshWithTheConsolesOwnKeyRunsATinyVm() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        Team team = fixtures.team();
        RequestPostProcessor operator = fixtures.signedIn(team, TeamRole.OWNER);
        mvc.perform(get("/api/v1/hosts/ssh-key").with(operator)).andExpect(status().isForbidden());
        String key = mvc.perform(get("/api/v1/hosts/ssh-key").with(admin)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString().strip();
        assertThat(key).startsWith("ssh-ed25519 ").doesNotContain("PRIVATE");
        Files.writeString(LoopbackSshd.authorizedKeys(), key + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        String added = mvc.perform(post("/api/v1/hosts").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"over-ssh\",\"uri\":\"" + LoopbackSshd.libvirtUri() + "\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.state").value("CONNECTED"))
                .andExpect(jsonPath("$.uri").value(LoopbackSshd.libvirtUri()))
                .andExpect(jsonPath("$.sshPublicKey").value(key))
                .andExpect(jsonPath("$.sshHostKeyFingerprint").value(fingerprintOf(LoopbackSshd.hostKey())))
                .andReturn().getResponse().getContentAsString();
        assertThat(added).as("the private key is never shown").doesNotContain("PRIVATE KEY");
        long hostId = JsonPath.<Number>read(added, "$.id").longValue();

        String created = mvc.perform(post("/api/v1/vms").with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + Fixtures.unique("ssh-tiny") + "\",\"teamId\":" + team.getId()
                                + ",\"vcpus\":1,\"memoryMib\":256,\"bootSource\":\"TEMPLATE\",\"templateId\":"
                                + fixtures.tinyTemplate() + ",\"hostId\":" + hostId + "}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long vmId = JsonPath.<Number>read(created, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorded(vmId) == PowerState.STOPPED);

        guest.power(operator, vmId, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        guest.awaitSerial(operator, vmId, "VIREO-READY", BOOT);
        String token = Fixtures.unique("over-ssh");
        guest.type(operator, vmId, "echo " + token + "-$((6*7))\n");
        guest.awaitSerial(operator, vmId, token + "-42", Duration.ofSeconds(60));
        guest.power(operator, vmId, "STOP");
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.STOPPED);
        assertThat(guest.serial(operator, vmId)).as("the log of the stopped VM").contains(token + "-42");

        aChangedHostKeyIsRefusedUntilTrustedAgain(admin, hostId);
    }

    /**
     * The host presents another key than the one recorded (as a host that was replaced, or a man in the middle,
     * would): the console refuses to connect and says why, until an administrator trusts the key it presents now.
     */
    private void aChangedHostKeyIsRefusedUntilTrustedAgain(RequestPostProcessor admin, long hostId) throws Exception {
        String trusted = fingerprintOf(LoopbackSshd.hostKey());
        Host host = hosts.findById(hostId).orElseThrow();
        host.trust(SshHostKey.parse(Files.readString(otherKey())).orElseThrow());
        hosts.save(host);
        drivers.close(hostId);

        Awaitility.await().atMost(HostDrivers.RECONCILE_PERIOD.multipliedBy(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> mvc.perform(get("/api/v1/hosts/{id}", hostId).with(admin)).andReturn().getResponse()
                        .getContentAsString(), view -> view.contains("UNREACHABLE"));
        mvc.perform(get("/api/v1/hosts/{id}", hostId).with(admin))
                .andExpect(jsonPath("$.state").value("UNREACHABLE"))
                .andExpect(jsonPath("$.error").value(containsString("SSH host key changed: the host presents " + trusted
                        + ", not the trusted")));

        mvc.perform(put("/api/v1/hosts/{id}/ssh-host-key", hostId).with(admin).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CONNECTED"))
                .andExpect(jsonPath("$.sshHostKeyFingerprint").value(trusted));
    }

    private static Path otherKey() throws Exception {
        Path dir = Files.createTempDirectory("vireo-other-host-key");
        Path key = dir.resolve("host_ed25519");
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .inheritIO().start().waitFor()).isZero();
        return key.resolveSibling("host_ed25519.pub");
    }

    /** The fingerprint as ssh-keygen shows it: "256 SHA256:… comment (ED25519)". */
    private static String fingerprintOf(Path publicKey) throws Exception {
        Process keygen = new ProcessBuilder("ssh-keygen", "-l", "-f", publicKey.toString()).start();
        String line = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keygen.waitFor()).isZero();
        return line.split(" ")[1];
    }

    private PowerState recorded(long vmId) {
        return vms.findById(vmId).orElseThrow().getPowerState();
    }
}
