package io.vireo.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.vireo.console.Fixtures;
import io.vireo.console.Parallel;
import io.vireo.console.authentication.ApiTokenService;
import io.vireo.console.authentication.TokenRequest;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.quota.Resources;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.User;
import io.vireo.console.vm.Vm;

/**
 * A team racing its own quota: four requests sent at the same instant through the real server, where the
 * quota has room for two. Exactly two succeed and the team ends at its limit, whichever resource is short.
 */
@RedTeamTest
class AdversarialQuotaTest {
    private static final long PLENTY = 1_000_000;

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    QuotaService quotas;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    Team team;
    User owner;

    @BeforeEach
    void aTeamOwner() {
        team = fixtures.team();
        owner = fixtures.member(team, TeamRole.OWNER);
    }

    static Stream<Arguments> shortResources() {
        return Stream.of(
                Arguments.of("vms", new Resources(64, PLENTY, PLENTY, 2), 1, 64, 1),
                Arguments.of("vcpus", new Resources(4, PLENTY, PLENTY, 100), 2, 64, 1),
                Arguments.of("memoryMib", new Resources(64, 1024, PLENTY, 100), 1, 512, 1),
                Arguments.of("diskGib", new Resources(64, PLENTY, 4, 100), 1, 64, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shortResources")
    void fourParallelCreationsWithRoomForTwoEndAtTheLimit(String resource, Resources limit, int vcpus, int memoryMib,
            int diskGib) throws Exception {
        Long templateId = fixtures.template(team).getId();
        fixtures.quota(team, limit);
        List<Callable<Integer>> creations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String body = """
                    {"name":"%s","teamId":%d,"vcpus":%d,"memoryMib":%d,"bootSource":"TEMPLATE","templateId":%d,\
                    "disks":[{"sizeGib":%d}]}"""
                    .formatted(Fixtures.unique("racer"), team.getId(), vcpus, memoryMib, templateId, diskGib);
            creations.add(send("POST", "/api/v1/vms", body));
        }

        assertThat(Parallel.atOnce(creations)).containsExactlyInAnyOrder(201, 201, 409, 409);
        Resources used = used();
        assertThat(used.vms()).isEqualTo(2);
        assertThat(used.exceeding(limit)).isEmpty();
        assertThat(used.plus(new Resources(vcpus, memoryMib, diskGib, 1)).exceeding(limit)).contains(resource);
    }

    @Test
    void fourParallelResizesWithRoomForTwoEndAtTheLimit() throws Exception {
        List<Vm> vms = List.of(fixtures.vm(team), fixtures.vm(team), fixtures.vm(team), fixtures.vm(team));
        fixtures.quota(team, new Resources(6, PLENTY, PLENTY, 100));
        List<Callable<Integer>> resizes = new ArrayList<>();
        for (Vm vm : vms) {
            resizes.add(send("PUT", "/api/v1/vms/" + vm.getId(),
                    "{\"name\":\"" + vm.getName() + "\",\"vcpus\":2,\"memoryMib\":512}"));
        }

        assertThat(Parallel.atOnce(resizes)).containsExactlyInAnyOrder(200, 200, 409, 409);
        assertThat(used().vcpus()).isEqualTo(6);
    }

    /** Each racer has a token of its own, so they share nothing but the quota. */
    private Callable<Integer> send(String method, String path, String json) {
        String secret = fixtures.as(owner.getUsername(), () -> tokens.issue(new TokenRequest("racer", 1))).secret();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        return () -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Resources used() {
        return fixtures.asAdmin(() -> quotas.usedBy(team.getId()));
    }
}
