package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
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
import io.vireo.console.datastore.Datastore;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.PowerState;

/**
 * Two libvirt hosts beside the embedded engine: the machine's own daemon over {@code qemu+ssh} to loopback, and a
 * second daemon in a network namespace ({@code testing/libvirt-netns}). A tiny VM boots on each; one migrates cold
 * from the second host to the first with its files copied into another datastore, and boots there. When the second
 * host's daemon dies, its running VM shows unknown and nothing is lost; when the daemon returns, the VM shows running
 * again, the same guest.
 */
@ExtendWith({LibvirtDaemon.class, LoopbackSshd.class, NamespaceHost.class})
class TwoHostsTest extends GuestTests {
    @Autowired
    Installation installation;
    private static final Duration BOOT = Duration.ofMinutes(4);
    /** A lost host is noticed by its connection closing or, at the latest, by the next reconciliation. */
    private static final Duration NOTICED = HostDrivers.RECONCILE_PERIOD.multipliedBy(4);

    @Test
    void aVmOnEachHostBootsAndOneMigratesWithItsFilesToTheOtherAndBootsThere() throws Exception {
        Team team = fixtures.team();
        RequestPostProcessor operator = fixtures.signedIn(team, TeamRole.OWNER);
        long first = machineOverSsh();
        long second = namespaceHost();
        mvc.perform(get("/api/v1/hosts/{id}", first).with(operator)).andExpect(jsonPath("$.state").value("CONNECTED"));
        mvc.perform(get("/api/v1/hosts/{id}", second).with(operator)).andExpect(jsonPath("$.state").value("CONNECTED"));

        long onFirst = createOn(operator, team, first, Fixtures.unique("first"));
        long onSecond = createOn(operator, team, second, Fixtures.unique("second"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorded(onFirst) == PowerState.STOPPED
                && recorded(onSecond) == PowerState.STOPPED);
        guest.power(operator, onFirst, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        guest.power(operator, onSecond, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        assertThat(NamespaceHost.virsh("domstate", installation.domainNames().of(onSecond))).as("the second host's QEMU runs it")
                .contains("running");
        guest.awaitSerial(operator, onFirst, "VIREO-READY", BOOT);
        guest.awaitSerial(operator, onSecond, "VIREO-READY", BOOT);
        guest.power(operator, onFirst, "STOP");
        guest.power(operator, onSecond, "STOP");
        Awaitility.await().atMost(BOOT).until(() -> recorded(onFirst) == PowerState.STOPPED
                && recorded(onSecond) == PowerState.STOPPED);

        Datastore store = fixtures.anotherDatastore();
        Path before = fixtures.folderOf(vms.findById(onSecond).orElseThrow());
        String task = mvc.perform(post("/api/v1/vms/{id}/migrate", onSecond).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"hostId\":" + first + ",\"datastoreId\":" + store.getId() + "}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.kind").value("vm.migrate"))
                .andReturn().getResponse().getContentAsString();
        fixtures.awaitSucceeded(JsonPath.<Number>read(task, "$.id").longValue());

        String hostName = JsonPath.read(mvc.perform(get("/api/v1/hosts/{id}", first).with(operator))
                .andReturn().getResponse().getContentAsString(), "$.name");
        mvc.perform(get("/api/v1/vms/{id}", onSecond).with(operator))
                .andExpect(jsonPath("$.host").value(hostName))
                .andExpect(jsonPath("$.datastoreId").value(store.getId()))
                .andExpect(jsonPath("$.powerState").value("STOPPED"));
        Path after = fixtures.folderOf(vms.findById(onSecond).orElseThrow());
        assertThat(after).startsWith(store.directory());
        assertThat(after.resolve("vm.conf")).exists();
        assertThat(before).as("the source folder is removed").doesNotExist();
        mvc.perform(get("/api/v1/vms/{id}/events", onSecond).with(operator)).andExpect(jsonPath("$[*].message")
                .value(hasItem(containsString("to host " + hostName + " (its files copied from datastore"))));

        guest.power(operator, onSecond, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        guest.awaitSerial(operator, onSecond, "VIREO-READY", BOOT);
        assertThat(NamespaceHost.virsh("list", "--all", "--name")).as("the second host holds it no more")
                .doesNotContain(installation.domainNames().of(onSecond));
        guest.power(operator, onSecond, "STOP");
        Awaitility.await().atMost(BOOT).until(() -> recorded(onSecond) == PowerState.STOPPED);
    }

    @Test
    void whenTheSecondHostsDaemonDiesItsVmShowsUnknownAndRunsOnWhenTheDaemonReturns() throws Exception {
        Team team = fixtures.team();
        RequestPostProcessor operator = fixtures.signedIn(team, TeamRole.OWNER);
        long host = namespaceHost();
        long vmId = createOn(operator, team, host, Fixtures.unique("survivor"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorded(vmId) == PowerState.STOPPED);
        guest.power(operator, vmId, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        guest.awaitSerial(operator, vmId, "VIREO-READY", BOOT);
        Path folder = fixtures.folderOf(vms.findById(vmId).orElseThrow());
        String domainId = NamespaceHost.virsh("domid", installation.domainNames().of(vmId)).strip();

        NamespaceHost.stopDaemon();
        try {
            Awaitility.await().atMost(NOTICED).until(() -> hostState(operator, host).equals("UNREACHABLE"));
            Awaitility.await().atMost(NOTICED).until(() -> recorded(vmId) == PowerState.UNKNOWN);
            mvc.perform(get("/api/v1/vms/{id}", vmId).with(operator))
                    .andExpect(jsonPath("$.powerState").value("UNKNOWN"));
            mvc.perform(get("/api/v1/vms/{id}/events", vmId).with(operator))
                    .andExpect(jsonPath("$[0].message").value(containsString("cannot be reached")));
            mvc.perform(post("/api/v1/vms/{id}/power", vmId).with(operator).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"STOP\"}"))
                    .andExpect(status().isConflict());
            mvc.perform(delete("/api/v1/vms/{id}", vmId).with(operator).with(csrf())).andExpect(status().isConflict());
            mvc.perform(get("/vms/{id}", vmId).with(operator)).andExpect(status().isOk())
                    .andExpect(content().string(containsString(">UNKNOWN<")))
                    .andExpect(content().string(not(containsString(">Power off<"))));
            assertThat(folder.resolve("vm.conf")).as("nothing is lost").exists();
        } finally {
            NamespaceHost.startDaemon();
        }

        Awaitility.await().atMost(NOTICED).until(() -> hostState(operator, host).equals("CONNECTED"));
        Awaitility.await().atMost(NOTICED).until(() -> recorded(vmId) == PowerState.RUNNING);
        mvc.perform(get("/api/v1/vms/{id}/events", vmId).with(operator))
                .andExpect(jsonPath("$[0].message").value(containsString("running: found running on host")));
        assertThat(NamespaceHost.virsh("domid", installation.domainNames().of(vmId)).strip()).as("the same domain, not started again")
                .isEqualTo(domainId);
        assertThat(guest.serial(operator, vmId)).as("its serial console, booted once").containsOnlyOnce("VIREO-READY");
        guest.power(operator, vmId, "STOP");
        Awaitility.await().atMost(BOOT).until(() -> recorded(vmId) == PowerState.STOPPED);
        mvc.perform(get("/api/v1/vms/{id}/events", vmId).with(operator))
                .andExpect(jsonPath("$[0].message").value("stopped: powered off"));
    }

    /**
     * The machine's daemon over SSH to loopback, with the console's key authorized on the throw-away sshd. Named by
     * {@code localhost} rather than SshHostTest's 127.0.0.1: a URI is in the inventory once, and that test adds its own.
     */
    private long machineOverSsh() throws Exception {
        authorize(LoopbackSshd.authorizedKeys());
        String uri = LoopbackSshd.libvirtUri().replace("@127.0.0.1:", "@localhost:");
        return MachineHost.id(mvc, fixtures.signedInAdmin(), "machine-over-ssh", uri);
    }

    private long namespaceHost() throws Exception {
        authorize(NamespaceHost.authorizedKeys());
        return MachineHost.id(mvc, fixtures.signedInAdmin(), "namespace", NamespaceHost.uri());
    }

    private void authorize(Path authorizedKeys) throws Exception {
        String key = mvc.perform(get("/api/v1/hosts/ssh-key").with(fixtures.signedInAdmin()))
                .andReturn().getResponse().getContentAsString().strip();
        if (!Files.readString(authorizedKeys).contains(key)) {
            Files.writeString(authorizedKeys, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    private String hostState(RequestPostProcessor who, long hostId) throws Exception {
        return JsonPath.read(mvc.perform(get("/api/v1/hosts/{id}", hostId).with(who)).andReturn().getResponse()
                .getContentAsString(), "$.state");
    }

    private long createOn(RequestPostProcessor who, Team team, long hostId, String name) throws Exception {
        String created = mvc.perform(post("/api/v1/vms").with(who).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"teamId\":" + team.getId() + ",\"vcpus\":1,"
                                + "\"memoryMib\":256,\"bootSource\":\"TEMPLATE\",\"templateId\":" + fixtures.tinyTemplate()
                                + ",\"hostId\":" + hostId + "}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JsonPath.<Number>read(created, "$.id").longValue();
    }

    private PowerState recorded(long vmId) {
        return vms.findById(vmId).orElseThrow().getPowerState();
    }
}
