package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.GuestTests;
import io.vireo.console.Fixtures;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * The real engine behind Suspend and Resume and snapshots with memory, while a guest loop prints a counter: a
 * suspended VM, still suspended after the console's start-up looked at its folder again, resumes where it stopped
 * (the counter goes on, same boot id); reverting to a snapshot with memory brings the guest back running at the
 * snapshot's count. {@link VmSuspendTest} covers the rules fast against a fake host.
 */
class VmSuspendGuestTest extends GuestTests {
    private static final Duration BOOT = Duration.ofMinutes(5);
    private static final Duration COMMAND = Duration.ofMinutes(2);
    private static final Pattern COUNTER = Pattern.compile("C(\\d+)\\r?\\n");
    private static final Pattern BOOT_ID = Pattern.compile("id=([0-9a-f-]{36})\\r?\\n");

    @Autowired
    InventoryReconciler reconciler;

    RequestPostProcessor operator;
    long vmId;

    @Test
    void aSuspendedGuestGoesOnWhereItStoppedAndASnapshotWithMemoryTakesItBackThere() throws Exception {
        Team team = fixtures.team();
        operator = fixtures.signedIn(team, TeamRole.OWNER);
        vmId = guest.createFromTemplate(operator, team.getId(), fixtures.tinyTemplate(), Fixtures.unique("suspend-guest"),
                256);
        awaitRecorded(PowerState.STOPPED);
        guest.power(operator, vmId, "START");
        guest.awaitSerial(operator, vmId, "VIREO-READY", BOOT);
        guest.type(operator, vmId, "echo id=$(cat /proc/sys/kernel/random/boot_id)\n");
        String bootId = awaitMatch(BOOT_ID).group(1);
        guest.type(operator, vmId, "(i=0; while true; do echo C$i; i=$((i+1)); usleep 200000; done) &\n");
        Awaitility.await().atMost(COMMAND).until(() -> lastCounter().orElse(-1) >= 5);

        guest.power(operator, vmId, "SUSPEND").andExpect(jsonPath("$.powerState").value("SUSPENDED"));
        awaitRecorded(PowerState.SUSPENDED);
        int lastBeforeSuspend = lastCounter().orElseThrow();
        Vm recorded = vms.findById(vmId).orElseThrow();
        recorded.powerChanged(PowerState.STOPPED, Instant.now());
        vms.saveAndFlush(recorded);
        reconciler.run(null);
        assertThat(vms.findById(vmId).orElseThrow().getPowerState()).as("after the console's start-up")
                .isEqualTo(PowerState.SUSPENDED);

        guest.power(operator, vmId, "RESUME").andExpect(jsonPath("$.powerState").value("RUNNING"));
        int firstAfterResume = Integer.parseInt(awaitMatch(COUNTER).group(1));
        assertThat(firstAfterResume).as("the first count after resuming").isBetween(lastBeforeSuspend,
                lastBeforeSuspend + 3);
        guest.type(operator, vmId, "echo id=$(cat /proc/sys/kernel/random/boot_id)\n");
        assertThat(awaitMatch(BOOT_ID).group(1)).as("the guest was not restarted").isEqualTo(bootId);

        int beforeSnapshot = lastCounter().orElseThrow();
        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots", vmId).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"with-memory\",\"includeMemory\":true}")));
        int afterSnapshot = lastCounter().orElseThrow();
        Awaitility.await().atMost(COMMAND).until(() -> lastCounter().orElse(-1) >= afterSnapshot + 15);
        String vm = mvc.perform(get("/api/v1/vms/{id}", vmId).with(operator)).andReturn().getResponse()
                .getContentAsString();
        long snapshot = JsonPath.<Number>read(vm, "$.currentSnapshotId").longValue();

        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots/{s}/revert", vmId, snapshot).param("stop", "true")
                .with(operator).with(csrf())));
        awaitRecorded(PowerState.RUNNING);
        int firstAfterRevert = Integer.parseInt(awaitMatch(COUNTER).group(1));
        assertThat(firstAfterRevert).as("the first count after reverting to the snapshot with memory")
                .isBetween(beforeSnapshot, afterSnapshot + 3);
        guest.type(operator, vmId, "echo id=$(cat /proc/sys/kernel/random/boot_id)\n");
        assertThat(awaitMatch(BOOT_ID).group(1)).as("the guest at the snapshot's instant").isEqualTo(bootId);
        guest.power(operator, vmId, "STOP");
    }

    /** Waits for {@code pattern} in what the serial console shows now (a resume starts a fresh one). */
    private Matcher awaitMatch(Pattern pattern) {
        return Awaitility.await().atMost(COMMAND).pollInterval(Duration.ofSeconds(1))
                .until(() -> pattern.matcher(guest.serial(operator, vmId)), Matcher::find);
    }

    private OptionalInt lastCounter() throws Exception {
        Matcher m = COUNTER.matcher(guest.serial(operator, vmId));
        OptionalInt last = OptionalInt.empty();
        while (m.find()) {
            last = OptionalInt.of(Integer.parseInt(m.group(1)));
        }
        return last;
    }

    private void awaitTask(ResultActions request) throws Exception {
        String body = request.andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        fixtures.awaitSucceeded(JsonPath.<Number>read(body, "$.id").longValue());
    }

    private void awaitRecorded(PowerState state) {
        Awaitility.await().atMost(BOOT).until(() -> vms.findById(vmId).orElseThrow().getPowerState() == state);
    }
}
