package io.vireo.console.snapshot;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.GuestTests;
import io.vireo.console.Fixtures;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * Snapshots in a booted guest: taken while it runs (and writes without pause), then reverted to one after the
 * other; each time the guest reads back from its disk the marker it had written before that snapshot.
 */
class SnapshotGuestTest extends GuestTests {
    private static final Duration BOOT = Duration.ofMinutes(5);

    RequestPostProcessor operator;
    long vmId;
    int reads;

    @Test
    void theGuestReadsWhatItWroteBeforeEachSnapshotAfterRevertingToIt() throws Exception {
        Team team = fixtures.team();
        operator = fixtures.signedIn(team, TeamRole.OWNER);
        Long templateId = fixtures.tinyTemplate();
        vmId = guest.createFromTemplate(operator, team.getId(), templateId, Fixtures.unique("snap-guest"), 256);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                mvc.perform(get("/api/v1/vms/{id}", vmId).with(operator))
                        .andExpect(jsonPath("$.powerState").value("STOPPED")));
        boot();

        writeMarker("one");
        long first = take("first");
        type("while true; do dd if=/dev/urandom of=/dev/vda bs=4096 seek=256 count=64 conv=fsync 2>/dev/null"
                + " || echo IOERR-$((40+2)); done &");
        writeMarker("two");
        long second = take("second");
        type("kill %1; echo stopped-$((2+3))");
        awaitSerial("stopped-5");
        writeMarker("three");
        mvc.perform(get("/api/v1/vms/{id}/serial", vmId).with(operator))
                .andExpect(content().string(not(containsString("IOERR-42"))))
                .andExpect(content().string(not(containsString("I/O error"))));

        revert(first);
        boot();
        assertMarker("one");
        revert(second);
        boot();
        assertMarker("two");
    }

    private void boot() throws Exception {
        guest.power(operator, vmId, "START");
        awaitSerial("VIREO-READY");
    }

    /** Written at the start of the disk, flushed past the guest's cache. */
    private void writeMarker(String marker) throws Exception {
        type("echo MARK-" + marker + "-$((40+2)) | dd of=/dev/vda conv=fsync 2>/dev/null; echo wrote-" + marker
                + "-$((1+1))");
        awaitSerial("wrote-" + marker + "-2");
    }

    private void assertMarker(String marker) throws Exception {
        reads++;
        type("echo read-$((" + reads + "+0)) $(dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c 14)");
        awaitSerial("read-" + reads + " MARK-" + marker + "-42");
    }

    private long take(String name) throws Exception {
        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots", vmId).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + name + "\"}")));
        String tree = mvc.perform(get("/api/v1/vms/{id}", vmId).with(operator)).andReturn().getResponse()
                .getContentAsString();
        return JsonPath.<Number>read(tree, "$.currentSnapshotId").longValue();
    }

    private void revert(long snapshot) throws Exception {
        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots/{s}/revert", vmId, snapshot).param("stop", "true")
                .with(operator).with(csrf())));
    }

    private void awaitTask(ResultActions request) throws Exception {
        String body = request.andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        fixtures.awaitSucceeded(JsonPath.<Number>read(body, "$.id").longValue());
    }

    private void type(String line) throws Exception {
        guest.type(operator, vmId, line + "\n");
    }

    private void awaitSerial(String text) {
        guest.awaitSerial(operator, vmId, text, BOOT);
    }
}
