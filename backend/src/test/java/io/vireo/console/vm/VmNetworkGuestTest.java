package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.GuestTests;
import io.vireo.console.Fixtures;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * The real engine behind a VM's network card: a VM from the tiny appliance on the NAT network {@code default}
 * leases an address the VM page shows, a forward recorded while it was off serves a file from the guest's
 * {@code httpd} once it runs, a taken host port is refused in the engine's words, and its link can be pulled.
 */
class VmNetworkGuestTest extends GuestTests {
    private static final Duration BOOT = Duration.ofMinutes(5);

    @Test
    void aTinyVmOnTheNatNetworkLeasesAnAddressShownOnItsPageAndServesThroughAForward() throws Exception {
        Long templateId = fixtures.tinyTemplate();
        Team team = fixtures.team();
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        String created = mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + Fixtures.unique("net") + "\",\"teamId\":" + team.getId()
                                + ",\"vcpus\":1,\"memoryMib\":256,\"bootSource\":\"TEMPLATE\",\"templateId\":" + templateId
                                + ",\"nics\":[{\"networkId\":" + fixtures.defaultNetwork().getId() + "}]}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long id = JsonPath.<Number>read(created, "$.id").longValue();
        long nic = JsonPath.<Number>read(created, "$.nics[0].id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> vms.findById(id).orElseThrow().getPowerState() == PowerState.STOPPED);
        int port = Fixtures.freePort();
        mvc.perform(post("/api/v1/vms/{id}/nics/{nic}/forwards", id, nic).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"protocol\":\"TCP\",\"hostPort\":" + port + ",\"guestPort\":8080}"))
                .andExpect(status().isCreated());

        guest.power(owner, id, "START");
        Awaitility.await().atMost(BOOT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                mvc.perform(get("/api/v1/vms/{id}/nics/{nic}", id, nic).with(owner))
                        .andExpect(jsonPath("$.status.address").value("10.0.2.15")));
        mvc.perform(get("/vms/{id}", id).with(owner))
                .andExpect(content().string(containsString("<dd class=\"nic-address\">10.0.2.15</dd>")));

        guest.type(owner, id, "mkdir -p /tmp/www && echo served-by-$((6*7)) > /tmp/www/index.html"
                + " && httpd -p 8080 -h /tmp/www\n");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String page = Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> fetch(http, port), Optional::isPresent).orElseThrow();
        assertThat(page).contains("served-by-42");
        mvc.perform(get("/api/v1/vms/{id}/nics/{nic}", id, nic).with(owner))
                .andExpect(jsonPath("$.status.rxFrames").value(org.hamcrest.Matchers.greaterThan(0)))
                .andExpect(jsonPath("$.status.txFrames").value(org.hamcrest.Matchers.greaterThan(0)));

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            mvc.perform(post("/api/v1/vms/{id}/nics/{nic}/forwards", id, nic).with(owner).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"protocol\":\"TCP\",\"hostPort\":" + taken.getLocalPort() + ",\"guestPort\":22}"))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail").value(containsString(taken.getLocalPort() + " is already in use")));
        }
        mvc.perform(put("/api/v1/vms/{id}/nics/{nic}/link", id, nic).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"up\":false}"))
                .andExpect(jsonPath("$.status.linkUp").value(false));

        guest.power(owner, id, "STOP");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fetch(http, port).isEmpty());
    }

    @Test
    void aVmOnANetworkTheEngineCannotStartStaysOffAndSaysWhy() throws Exception {
        Team team = fixtures.team();
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        String bridged = mvc.perform(post("/api/v1/networks").with(fixtures.signedInAdmin()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + Fixtures.unique("br")
                                + "\",\"kind\":\"BRIDGED\",\"cidr\":\"192.168.90.0/24\",\"gateway\":\"192.168.90.1\","
                                + "\"uplink\":\"lo\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        Vm vm = fixtures.idleVm(team, java.util.List.of());
        mvc.perform(post("/api/v1/vms/{id}/nics", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"networkId\":" + JsonPath.<Number>read(bridged, "$.id") + "}"))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("cannot start")))
                .andExpect(jsonPath("$.detail").value(containsString("neither a TAP device nor a bridge")));
        assertThat(vms.findById(vm.getId()).orElseThrow().getPowerState()).isEqualTo(PowerState.STOPPED);
    }

    private Optional<String> fetch(HttpClient http, int port) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/index.html")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? Optional.of(answer.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
