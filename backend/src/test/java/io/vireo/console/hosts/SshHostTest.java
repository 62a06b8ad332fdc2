package io.vireo.console.hosts;

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

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.GuestTests;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.PowerState;

/**
 * A {@code qemu+ssh} host: the administrator reads the console's public key, authorizes it on the host (here a
 * throw-away sshd on loopback in front of the machine's own libvirtd), adds the host by a plain URI, and a tiny VM
 * placed there boots to its serial marker.
 */
@ExtendWith({LibvirtDaemon.class, LoopbackSshd.class})
class SshHostTest extends GuestTests {
    private static final Duration BOOT = Duration.ofMinutes(3);

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
        guest.power(operator, vmId, "STOP");
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.STOPPED);
    }

    private PowerState recorded(long vmId) {
        return vms.findById(vmId).orElseThrow().getPowerState();
    }
}
