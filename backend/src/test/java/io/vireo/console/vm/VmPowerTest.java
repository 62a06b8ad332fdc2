package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.GuestTests;
import io.vireo.console.Fixtures;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * The real engine behind the power buttons: a VM made from the tiny appliance boots, prints on its serial
 * console, takes typed input, has the devices the console drives (no balloon), pauses and resumes, and shuts
 * itself down when asked; the inventory follows. {@link VmPowerHandlingTest} covers every power path fast,
 * against a fake host.
 */
class VmPowerTest extends GuestTests {
    private static final Duration BOOT = Duration.ofMinutes(5);

    @Test
    void aVmFromTheTinyApplianceBootsTakesInputPausesAndShutsDownWhenAsked() throws Exception {
        Long templateId = fixtures.tinyTemplate();
        Team team = fixtures.team();
        RequestPostProcessor operator = fixtures.signedIn(team, TeamRole.OWNER);
        String name = Fixtures.unique("tiny");
        mvc.perform(post("/api/v1/vms").with(operator).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"teamId\":" + team.getId() + ",\"vcpus\":2,"
                                + "\"memoryMib\":512,\"bootSource\":\"TEMPLATE\",\"templateId\":" + templateId + "}"))
                .andExpect(status().isCreated());
        Vm vm = vms.findByTeamId(team.getId()).getFirst();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                vms.findById(vm.getId()).orElseThrow().getPowerState() == PowerState.STOPPED);

        guest.power(operator, vm.getId(), "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        guest.awaitSerial(operator, vm.getId(), "VIREO-READY", BOOT);
        guest.type(operator, vm.getId(), "echo typed-$((6*7))\n");
        guest.awaitSerial(operator, vm.getId(), "typed-42", Duration.ofSeconds(60));
        mvc.perform(post("/api/v1/vms/{id}/serial/input", vm.getId()).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"echo devices-$((1+1)) $(cat /sys/bus/virtio/devices/*/device)\\n\"}"))
                .andExpect(status().isNoContent());
        String devices = Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> virtioDevices(operator, vm), Optional::isPresent).orElseThrow();
        assertThat(devices).as("virtio device ids the guest sees: disk, entropy, input, and the balloon that"
                + " changes its memory while it runs").contains("0x0002", "0x0004", "0x0010", "0x0005");
        mvc.perform(get("/api/v1/vms/{id}/stats", vm.getId()).with(operator))
                .andExpect(jsonPath("$.instructionsRetired").value(greaterThan(1_000_000L)));
        mvc.perform(get("/vms/{id}", vm.getId()).with(operator))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<polyline points=")))
                .andExpect(content().string(containsString("Shut down")));
        mvc.perform(get("/vms/{id}/console", vm.getId()).with(operator)).andExpect(status().isOk());

        guest.power(operator, vm.getId(), "PAUSE").andExpect(jsonPath("$.powerState").value("PAUSED"));
        awaitRecorded(vm, PowerState.PAUSED);
        guest.power(operator, vm.getId(), "RESUME").andExpect(jsonPath("$.powerState").value("RUNNING"));

        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"SHUTDOWN\",\"timeoutSeconds\":240}"))
                .andExpect(status().isOk());
        awaitRecorded(vm, PowerState.STOPPED);
        mvc.perform(get("/api/v1/vms/{id}/events", vm.getId()).with(operator))
                .andExpect(jsonPath("$[0].message").value("stopped: the guest powered off"));
        mvc.perform(get("/api/v1/vms/{id}/serial", vm.getId()).with(operator))
                .andExpect(content().string(containsString("typed-42")));
    }

    @Test
    void viewersCannotPowerOnTeamVms() throws Exception {
        Team team = fixtures.team();
        Vm vm = fixtures.vm(team);
        RequestPostProcessor viewer = fixtures.signedIn(team, TeamRole.VIEWER);
        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(viewer).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"))
                .andExpect(status().isForbidden());
    }

    /** The line the guest printed for {@code echo devices-$((1+1)) …}: its virtio device ids (0x0005 a balloon). */
    private Optional<String> virtioDevices(RequestPostProcessor who, Vm vm) throws Exception {
        String serial = mvc.perform(get("/api/v1/vms/{id}/serial", vm.getId()).with(who))
                .andReturn().getResponse().getContentAsString();
        Matcher line = Pattern.compile("devices-2((?: 0x[0-9a-f]{4})+)\\r?\\n").matcher(serial);
        return line.find() ? Optional.of(line.group(1)) : Optional.empty();
    }

    private void awaitRecorded(Vm vm, PowerState state) {
        Awaitility.await().atMost(BOOT).until(() -> vms.findById(vm.getId()).orElseThrow().getPowerState() == state);
    }
}
