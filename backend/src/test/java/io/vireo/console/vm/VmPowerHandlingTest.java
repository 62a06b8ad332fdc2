package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.FakeEngineTests;
import io.vireo.console.MovableClock;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * Power handling against a host that changes state on command: what the API answers, what the VM page
 * offers, and which events the inventory records, for everything the guest or the engine may do.
 * {@link VmPowerTest} runs the same buttons against the real engine and a booting guest.
 */
class VmPowerHandlingTest extends FakeEngineTests {
    private static final Duration SOON = Duration.ofSeconds(10);

    @Autowired
    MovableClock clock;

    Team team;
    RequestPostProcessor operator;
    Vm vm;

    @BeforeEach
    void aStoppedVmAndItsOperator() {
        team = fixtures.team();
        operator = fixtures.signedIn(team, TeamRole.OPERATOR);
        vm = fixtures.vm(team);
    }

    @Test
    void poweringOnBootsTheTemplatesKernelAndThePageOffersWhatARunningVmCanDo() throws Exception {
        power("START").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("RUNNING"));
        awaitRecorded(PowerState.RUNNING);
        lastEvent().andExpect(jsonPath("$[0].message").value("running: powered on"));

        LaunchSpec launch = host.lastLaunch(vm.getId()).orElseThrow();
        assertThat(launch.kernel()).hasValueSatisfying(kernel -> assertThat(kernel).hasFileName("Image"));
        assertThat(launch.initrd()).hasValueSatisfying(initrd -> assertThat(initrd).hasFileName("initramfs.gz"));
        assertThat(launch.commandLine()).isEqualTo("console=ttyS0 vireo.hostname=" + vm.getName().toLowerCase());
        assertThat(launch.disks()).extracting(d -> d.file().getFileName().toString()).containsExactly("disk0.qcow2");

        mvc.perform(get("/vms/{id}", vm.getId()).with(operator))
                .andExpect(content().string(containsString(">Shut down<")))
                .andExpect(content().string(containsString(">Power off<")))
                .andExpect(content().string(containsString(">Pause<")))
                .andExpect(content().string(not(containsString(">Power on<"))))
                .andExpect(content().string(containsString("<polyline points=")));
    }

    @Test
    void aVmKeepsBootingItsTemplatesKernelOnceTheTemplateIsDeleted() throws Exception {
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        String created = mvc.perform(get("/api/v1/vms/{id}", vm.getId()).with(owner))
                .andExpect(jsonPath("$.bootImageId").value(fixtures.kernelImage().getId()))
                .andReturn().getResponse().getContentAsString();
        mvc.perform(delete("/api/v1/templates/{id}", JsonPath.<Number>read(created, "$.templateId")).with(owner)
                .with(csrf())).andExpect(status().isNoContent());

        power("START").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("RUNNING"));
        assertThat(host.lastLaunch(vm.getId()).orElseThrow().kernel())
                .hasValueSatisfying(kernel -> assertThat(kernel).hasFileName("Image"));
    }

    @Test
    void aGuestThatPowersItselfOffIsShownStoppedWithTheReason() throws Exception {
        power("START").andExpect(status().isOk());
        awaitRecorded(PowerState.RUNNING);

        host.guestPowersOff(vm.getId());

        awaitRecorded(PowerState.STOPPED);
        lastEvent().andExpect(jsonPath("$[0].message").value("stopped: the guest powered off"));
        mvc.perform(get("/vms/{id}", vm.getId()).with(operator))
                .andExpect(content().string(containsString(">Power on<")));
    }

    @Test
    void shutdownAsksTheGuestAndAGuestThatListensStopsBeforeTheTimeout() throws Exception {
        power("START").andExpect(status().isOk());
        awaitRecorded(PowerState.RUNNING);

        shutDown(60).andExpect(status().isOk());

        awaitRecorded(PowerState.STOPPED);
        assertThat(host.powerButtonPresses(vm.getId())).isEqualTo(1);
        lastEvent().andExpect(jsonPath("$[0].message").value("stopped: the guest powered off"));
        awaitShutdownTask("SUCCEEDED");
        mvc.perform(get("/api/v1/vms/{id}/events", vm.getId()).with(operator))
                .andExpect(jsonPath("$[?(@.kind == 'shutdown')]").isEmpty());
    }

    @Test
    void aGuestThatIgnoresShutdownIsPoweredOffOnceTheTimeoutPasses() throws Exception {
        power("START").andExpect(status().isOk());
        awaitRecorded(PowerState.RUNNING);
        host.ignorePowerButton(vm.getId());

        shutDown(60).andExpect(status().isOk());
        Awaitility.await().atMost(SOON).until(() -> host.powerButtonPresses(vm.getId()) == 1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(recordedState()).as("before the timeout").isEqualTo(PowerState.RUNNING);
        mvc.perform(get("/api/v1/tasks?q={q}", "Shut down VM " + vm.getName()).with(operator))
                .andExpect(jsonPath("$.items[0].state").value("RUNNING"));

        clock.advance(Duration.ofSeconds(2));

        awaitRecorded(PowerState.STOPPED);
        mvc.perform(get("/api/v1/vms/{id}/events", vm.getId()).with(operator))
                .andExpect(jsonPath("$[0].message").value("stopped: powered off"))
                .andExpect(jsonPath("$[1].kind").value("shutdown"))
                .andExpect(jsonPath("$[1].message").value("The guest did not shut down within 60 s; powering it off"));
        awaitShutdownTask("SUCCEEDED");
    }

    @Test
    void anEngineFailureLeavesTheVmCrashedWithTheDiagnosticAndItCanBePoweredOnAgain() throws Exception {
        power("START").andExpect(status().isOk());
        awaitRecorded(PowerState.RUNNING);

        host.crash(vm.getId(), "hart 0: instruction access fault at 0x0000000000000000");

        awaitRecorded(PowerState.CRASHED);
        lastEvent().andExpect(jsonPath("$[0].message")
                .value("crashed: hart 0: instruction access fault at 0x0000000000000000"));
        mvc.perform(get("/vms/{id}", vm.getId()).with(operator))
                .andExpect(content().string(containsString("CRASHED")))
                .andExpect(content().string(containsString(">Power on<")));
        power("START").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("RUNNING"));
    }

    @Test
    void aGuestThatCrashesWhileShuttingDownIsLeftCrashed() throws Exception {
        power("START").andExpect(status().isOk());
        awaitRecorded(PowerState.RUNNING);
        host.ignorePowerButton(vm.getId());
        shutDown(60).andExpect(status().isOk());
        Awaitility.await().atMost(SOON).until(() -> host.powerButtonPresses(vm.getId()) == 1);

        host.crash(vm.getId(), "kernel panic");

        awaitShutdownTask("SUCCEEDED");
        assertThat(recordedState()).isEqualTo(PowerState.CRASHED);
        lastEvent().andExpect(jsonPath("$[0].message").value("crashed: kernel panic"));
    }

    @Test
    void aPausedVmResumes() throws Exception {
        power("START").andExpect(status().isOk());
        awaitRecorded(PowerState.RUNNING);
        power("PAUSE").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("PAUSED"));
        awaitRecorded(PowerState.PAUSED);
        mvc.perform(get("/vms/{id}", vm.getId()).with(operator))
                .andExpect(content().string(containsString(">Resume<")))
                .andExpect(content().string(not(containsString(">Pause<"))));

        power("RESUME").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("RUNNING"));
        awaitRecorded(PowerState.RUNNING);
        lastEvent().andExpect(jsonPath("$[0].message").value("running: resumed"));
    }

    @Test
    void anActionRightAfterAnotherIsJudgedByWhatTheEngineHoldsNotTheRecordFollowingIt() throws Exception {
        host.withholdEvents();
        try {
            power("START").andExpect(status().isOk());
            power("PAUSE").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("PAUSED"));
            power("RESUME").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("RUNNING"));
            assertThat(recordedState()).as("the record, not told yet").isEqualTo(PowerState.STOPPED);
            shutDown(60).andExpect(status().isOk());
            Awaitility.await().atMost(SOON).until(() -> host.state(vm.getId()) == RuntimeState.OFF);
        } finally {
            host.tell();
        }

        awaitRecorded(PowerState.STOPPED);
        lastEvent().andExpect(jsonPath("$[0].message").value("stopped: the guest powered off"))
                .andExpect(jsonPath("$[1].message").value("running: resumed"))
                .andExpect(jsonPath("$[2].message").value("paused: paused"))
                .andExpect(jsonPath("$[3].message").value("running: powered on"));
    }

    @Test
    void aResetKeepsTheVmRunning() throws Exception {
        power("START").andExpect(status().isOk());
        awaitRecorded(PowerState.RUNNING);
        power("RESET").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("RUNNING"));
        Awaitility.await().atMost(SOON).untilAsserted(() -> lastEvent()
                .andExpect(jsonPath("$[0].message").value("running: reset")));
    }

    @Test
    void actionsTheStateDoesNotAllowAreRefusedSayingWhy() throws Exception {
        power("PAUSE").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("is stopped: cannot pause it now")));
        power("SHUTDOWN").andExpect(status().isConflict());

        power("START").andExpect(status().isOk());
        awaitRecorded(PowerState.RUNNING);
        power("START").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("is running: cannot power on it now")));
        power("RESUME").andExpect(status().isConflict());
        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"SHUTDOWN\",\"timeoutSeconds\":1801}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("timeoutSeconds"));
        RequestPostProcessor viewer = fixtures.signedIn(team, TeamRole.VIEWER);
        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(viewer).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"STOP\"}"))
                .andExpect(status().isForbidden());
        assertThat(host.state(vm.getId())).isEqualTo(RuntimeState.RUNNING);
    }

    @Test
    void aVmTheEngineNoLongerHoldsIsShownStoppedWhenNextTouched() throws Exception {
        power("START").andExpect(status().isOk());
        awaitRecorded(PowerState.RUNNING);
        host.forget(vm.getId());

        power("STOP").andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("STOPPED"));

        assertThat(recordedState()).isEqualTo(PowerState.STOPPED);
        lastEvent().andExpect(jsonPath("$[0].message").value("stopped: the engine does not hold this VM"));
    }

    private ResultActions power(String action) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"" + action + "\"}"));
    }

    private ResultActions shutDown(int timeoutSeconds) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"action\":\"SHUTDOWN\",\"timeoutSeconds\":" + timeoutSeconds + "}"));
    }

    private ResultActions lastEvent() throws Exception {
        return mvc.perform(get("/api/v1/vms/{id}/events", vm.getId()).with(operator)).andExpect(status().isOk());
    }

    private PowerState recordedState() {
        return vms.findById(vm.getId()).orElseThrow().getPowerState();
    }

    private void awaitRecorded(PowerState state) {
        Awaitility.await().atMost(SOON).until(() -> recordedState() == state);
    }

    private void awaitShutdownTask(String state) {
        Awaitility.await().atMost(SOON).untilAsserted(() ->
                mvc.perform(get("/api/v1/tasks?q={q}", "Shut down VM " + vm.getName()).with(operator))
                        .andExpect(jsonPath("$.items[0].state").value(state)));
    }
}
