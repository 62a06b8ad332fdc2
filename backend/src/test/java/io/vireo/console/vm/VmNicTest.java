package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.FakeEngineTests;
import io.vireo.console.Fixtures;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * A VM's network cards and port forwards against a host that holds real host ports for its forwards: plugging
 * NICs into a stopped VM, the addresses and link the VM page shows while it runs, forwards applied at once and
 * at power-on, a taken port refused in the engine's words, and another team seeing none of it.
 */
class VmNicTest extends FakeEngineTests {
    private static final Duration SOON = Duration.ofSeconds(10);

    Team team;
    RequestPostProcessor owner;
    Vm vm;
    Long nic;

    @BeforeEach
    void aStoppedVmWithANicOnTheDefaultNetwork() {
        team = fixtures.team();
        owner = fixtures.signedIn(team, TeamRole.OWNER);
        vm = fixtures.vmWithNic(team);
        nic = fixtures.firstNicOf(vm);
    }

    @Test
    void aStoppedVmsNicsArePluggedChangedAndRemovedAndItsVmConfNamesThem() throws Exception {
        Long network = fixtures.defaultNetwork().getId();
        String added = mvc.perform(post("/api/v1/vms/{id}/nics", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"networkId\":" + network + "}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.nic.position").value(1))
                .andExpect(jsonPath("$.nic.mac").value(startsWith("52:56:00:")))
                .andReturn().getResponse().getContentAsString();
        Integer second = JsonPath.read(added, "$.nic.id");

        mvc.perform(put("/api/v1/vms/{id}/nics/{nic}", vm.getId(), second).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"networkId\":" + network
                                + ",\"mac\":\"52:56:00:AA:BB:01\",\"vlan\":12,\"rateLimitMbps\":5,"
                                + "\"reservedAddress\":\"10.0.2.3\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.nic.mac").value("52:56:00:aa:bb:01"))
                .andExpect(jsonPath("$.nic.vlan").value(12))
                .andExpect(jsonPath("$.nic.rateLimitMbps").value(5))
                .andExpect(jsonPath("$.nic.reservedAddress").value("10.0.2.3"));
        String conf = Files.readString(fixtures.folderOf(vm).resolve("vm.conf"));
        assertThat(conf).containsPattern("nic0 = network=default mac=52:56:00:[0-9a-f:]{8} model=VIRTIO\n")
                .contains("nic1 = network=default mac=52:56:00:aa:bb:01 model=VIRTIO vlan=12 rate_mbps=5"
                        + " address=10.0.2.3\n");

        mvc.perform(put("/api/v1/vms/{id}/nics/{nic}", vm.getId(), nic).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"networkId\":" + network
                                + ",\"reservedAddress\":\"10.0.3.9\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reservedAddress"))
                .andExpect(jsonPath("$.detail").value(containsString("10.0.3.9 is not free in 10.0.2.0/24")));
        mvc.perform(put("/api/v1/vms/{id}/nics/{nic}", vm.getId(), nic).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"networkId\":" + network
                                + ",\"reservedAddress\":\"10.0.2.3\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("already holds 10.0.2.3")));

        mvc.perform(delete("/api/v1/vms/{id}/nics/{nic}", vm.getId(), nic).with(owner).with(csrf()))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/vms/{id}/nics", vm.getId()).with(owner))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].nic.position").value(0))
                .andExpect(jsonPath("$[0].nic.mac").value("52:56:00:aa:bb:01"));
        assertThat(Files.readString(fixtures.folderOf(vm).resolve("vm.conf")))
                .contains("nic0 = network=default mac=52:56:00:aa:bb:01").doesNotContain("nic1 =");
    }

    @Test
    void disksAndNicsShareTheEnginesDeviceSlots() throws Exception {
        String body = "{\"networkId\":" + fixtures.defaultNetwork().getId() + "}";
        for (int nics = 1; nics < LaunchSpec.DISK_AND_NIC_SLOTS - 1; nics++) {
            mvc.perform(post("/api/v1/vms/{id}/nics", vm.getId()).with(owner).with(csrf())
                    .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isCreated());
        }
        mvc.perform(post("/api/v1/vms/{id}/nics", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("room for " + LaunchSpec.DISK_AND_NIC_SLOTS
                        + " of them together")));
    }

    @Test
    void aRunningVmsNicsShowTheirLeaseAndLinkAndCannotBeReplugged() throws Exception {
        powerOn();
        LaunchSpec.Nic launched = host.lastLaunch(vm.getId()).orElseThrow().nics().getFirst();
        assertThat(launched.network().name()).isEqualTo("default");
        assertThat(launched.network().mode()).isEqualTo("NAT");

        mvc.perform(get("/vms/{id}", vm.getId()).with(owner))
                .andExpect(content().string(containsString("eth0 on default")))
                .andExpect(content().string(containsString("10.0.2.15")))
                .andExpect(content().string(containsString("Pull the cable")));
        mvc.perform(put("/api/v1/vms/{id}/nics/{nic}/link", vm.getId(), nic).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"up\":false}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status.linkUp").value(false))
                .andExpect(jsonPath("$.status.address").value("10.0.2.15"))
                .andExpect(jsonPath("$.status.rxFrames").value(10));
        mvc.perform(post("/api/v1/vms/{id}/nics", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"networkId\":" + fixtures.defaultNetwork().getId() + "}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("Stop VM")));
        mvc.perform(get("/api/v1/audit?action=vm.nic.link").with(fixtures.signedInAdmin()))
                .andExpect(content().string(containsString("vm.nic.link")));
    }

    @Test
    void aForwardIsAppliedAtOnceRefusedOnATakenPortAndAppliedAgainAtPowerOn() throws Exception {
        powerOn();
        int port = Fixtures.freePort();
        addForward(owner, null, port).andExpect(status().isCreated())
                .andExpect(jsonPath("$.hostAddress").value("127.0.0.1"));
        assertThat(listening(port)).as("the host port is held while the VM runs").isTrue();

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            addForward(owner, null, taken.getLocalPort()).andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail").value("127.0.0.1:" + taken.getLocalPort() + " is already in use"));
            mvc.perform(post("/vms/{id}/nics/{nic}/forwards", vm.getId(), nic).with(owner).with(csrf())
                            .param("protocol", "TCP").param("hostAddress", "127.0.0.1")
                            .param("hostPort", String.valueOf(taken.getLocalPort())).param("guestPort", "80"))
                    .andExpect(flash().attribute("problem", "127.0.0.1:" + taken.getLocalPort() + " is already in use"));
        }
        mvc.perform(get("/api/v1/vms/{id}/nics/{nic}", vm.getId(), nic).with(owner))
                .andExpect(jsonPath("$.forwards.length()").value(1));

        power("STOP");
        Awaitility.await().atMost(SOON).until(() -> !listening(port));
        powerOn();
        assertThat(listening(port)).as("forwards are applied again at power-on").isTrue();

        String forwards = mvc.perform(get("/api/v1/vms/{id}/nics/{nic}", vm.getId(), nic).with(owner))
                .andReturn().getResponse().getContentAsString();
        Integer forward = JsonPath.read(forwards, "$.forwards[0].id");
        mvc.perform(delete("/api/v1/vms/{id}/nics/{nic}/forwards/{f}", vm.getId(), nic, forward).with(owner)
                .with(csrf())).andExpect(status().isNoContent());
        assertThat(listening(port)).isFalse();
        mvc.perform(get("/api/v1/audit?action=vm.forward.add").with(fixtures.signedInAdmin()))
                .andExpect(content().string(containsString("vm.forward.add")));
    }

    @Test
    void onlyAnAdministratorForwardsFromAnAddressOtherThanLoopback() throws Exception {
        addForward(owner, "0.0.0.0", Fixtures.freePort()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("hostAddress"));
        addForward(owner, "not-an-address", Fixtures.freePort()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("hostAddress"));
        addForward(fixtures.signedInAdmin(), "0.0.0.0", Fixtures.freePort()).andExpect(status().isCreated())
                .andExpect(jsonPath("$.hostAddress").value("0.0.0.0"));
    }

    @Test
    void anotherTeamNeitherSeesNorChangesTheNicsOrForwardsAndAViewerOnlyLooks() throws Exception {
        Long forward = fixtures.forward(vm).id();
        Team other = fixtures.team();
        Vm own = fixtures.vmWithNic(other);
        RequestPostProcessor stranger = fixtures.signedIn(other, TeamRole.OWNER);
        String network = String.valueOf(fixtures.defaultNetwork().getId());
        mvc.perform(get("/api/v1/vms/{id}/nics", vm.getId()).with(stranger)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/vms/{id}/nics/{nic}", vm.getId(), nic).with(stranger)).andExpect(status().isNotFound());
        addForward(stranger, null, Fixtures.freePort()).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/vms/{id}/nics/{nic}/forwards/{f}", vm.getId(), nic, forward).with(stranger)
                .with(csrf())).andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/vms/{id}/nics/{nic}", vm.getId(), nic).with(stranger).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"networkId\":" + network + "}"))
                .andExpect(status().isNotFound());
        // the other team's own VM with team A's NIC and forward ids guessed into its paths
        mvc.perform(get("/api/v1/vms/{id}/nics/{nic}", own.getId(), nic).with(stranger))
                .andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/vms/{id}/nics/{nic}/forwards/{f}", own.getId(), fixtures.firstNicOf(own), forward)
                .with(stranger).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/vms/{id}/nics/{nic}/forwards", own.getId(), nic).with(stranger).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"protocol\":\"TCP\",\"hostPort\":" + Fixtures.freePort() + ",\"guestPort\":22}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/vms/{id}/nics/{nic}/delete", vm.getId(), nic).with(stranger).with(csrf()))
                .andExpect(status().isNotFound());

        RequestPostProcessor viewer = fixtures.signedIn(team, TeamRole.VIEWER);
        mvc.perform(get("/api/v1/vms/{id}/nics", vm.getId()).with(viewer)).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].forwards[0].id").value(forward));
        addForward(viewer, null, Fixtures.freePort()).andExpect(status().isForbidden());
        mvc.perform(put("/api/v1/vms/{id}/nics/{nic}/link", vm.getId(), nic).with(viewer).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"up\":false}")).andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/vms/{id}/nics/{nic}", vm.getId(), nic).with(viewer).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/vms/{id}", vm.getId()).with(viewer))
                .andExpect(content().string(containsString("eth0 on default")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("Add forward"))));
        assertThat(vms.findById(vm.getId())).isPresent();
        mvc.perform(get("/api/v1/vms/{id}/nics", vm.getId()).with(owner)).andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].forwards.length()").value(1));
    }

    @Test
    void aCloneIsOnTheSourcesNetworksWithMacsOfItsOwn() throws Exception {
        String mac = JsonPath.read(mvc.perform(get("/api/v1/vms/{id}/nics/{nic}", vm.getId(), nic).with(owner))
                .andReturn().getResponse().getContentAsString(), "$.nic.mac");
        mvc.perform(post("/api/v1/vms/{id}/clones", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + Fixtures.unique("clone") + "\",\"mode\":\"FULL\"}"))
                .andExpect(status().is2xxSuccessful())
                .andExpect(jsonPath("$.nics.length()").value(1))
                .andExpect(jsonPath("$.nics[0].network").value("default"))
                .andExpect(jsonPath("$.nics[0].mac").value(org.hamcrest.Matchers.not(mac)));
    }

    @Test
    void theCreateFormStartsWithOneNicOnTheDefaultNetwork() throws Exception {
        mvc.perform(get("/vms/new").with(owner))
                .andExpect(content().string(containsString("NIC 0 network")))
                .andExpect(content().string(containsString("value=\"addNic\"")));
        mvc.perform(post("/vms/new/edit").with(owner).with(csrf()).param("edit", "addNic")
                        .param("nics[0].networkId", String.valueOf(fixtures.defaultNetwork().getId())))
                .andExpect(content().string(containsString("NIC 1 network")));
    }

    private void powerOn() throws Exception {
        power("START").andExpect(status().isOk());
        Awaitility.await().atMost(SOON).until(() -> vms.findById(vm.getId()).orElseThrow().getPowerState()
                == PowerState.RUNNING);
    }

    private ResultActions power(String action) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(owner).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"" + action + "\"}"));
    }

    private ResultActions addForward(RequestPostProcessor who, String address, int port) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/nics/{nic}/forwards", vm.getId(), nic).with(who).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"protocol\":\"TCP\","
                        + (address == null ? "" : "\"hostAddress\":\"" + address + "\",") + "\"hostPort\":" + port
                        + ",\"guestPort\":80}"));
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
