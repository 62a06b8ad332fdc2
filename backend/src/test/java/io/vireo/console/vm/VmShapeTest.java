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

import java.nio.file.Files;
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
import io.vireo.console.Fixtures;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * A VM's sockets (cores per socket, threads per core), memory minimum and CPU shares and cap are chosen when it is
 * made or changed, validated with the field to correct, saved in its vm.conf, shown on its page and given to the
 * engine when it powers on.
 */
class VmShapeTest extends FakeEngineTests {

    @Autowired
    VmPowerService power;

    Team team;
    RequestPostProcessor owner;

    @BeforeEach
    void ownerOfATeam() {
        team = fixtures.team();
        owner = fixtures.signedIn(team, TeamRole.OWNER);
    }

    private ResultActions create(String fields) throws Exception {
        return mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"name":"%s","teamId":%d,"bootSource":"TEMPLATE","templateId":%d,%s}"""
                        .formatted(Fixtures.unique("shape"), team.getId(), fixtures.template(team).getId(), fields)));
    }

    private ResultActions update(Vm vm, String fields) throws Exception {
        return mvc.perform(put("/api/v1/vms/{id}", vm.getId()).with(owner).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"%s\",%s}".formatted(vm.getName(), fields)));
    }

    @Test
    void socketsMemoryMinimumAndCpuGivenAtCreationAreSavedShownAndLaunched() throws Exception {
        create("\"vcpus\":4,\"memoryMib\":1024,\"coresPerSocket\":3").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("coresPerSocket"))
                .andExpect(jsonPath("$.detail").value(containsString("4 vCPUs do not fill whole sockets of 3 cores")));
        create("\"vcpus\":4,\"memoryMib\":1024,\"threadsPerCore\":9").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("threadsPerCore"));
        create("\"vcpus\":4,\"memoryMib\":1024,\"memoryMinMib\":2048").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("memoryMinMib"))
                .andExpect(jsonPath("$.detail").value(containsString("64 MiB to the VM's memory (1024 MiB)")));
        create("\"vcpus\":4,\"memoryMib\":1024,\"memoryMinMib\":32").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("memoryMinMib"));
        create("\"vcpus\":4,\"memoryMib\":1024,\"cpu\":{\"shares\":5,\"capPercent\":0}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cpu.shares"));

        String made = create("\"vcpus\":4,\"memoryMib\":1024,\"coresPerSocket\":2,\"memoryMinMib\":256,"
                + "\"cpu\":{\"shares\":2000,\"capPercent\":25}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.sockets").value(2)).andExpect(jsonPath("$.coresPerSocket").value(2))
                .andExpect(jsonPath("$.threadsPerCore").value(1)).andExpect(jsonPath("$.memoryMinMib").value(256))
                .andExpect(jsonPath("$.cpu.shares").value(2000)).andExpect(jsonPath("$.cpu.capPercent").value(25))
                .andReturn().getResponse().getContentAsString();
        Long id = JsonPath.<Number>read(made, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                mvc.perform(get("/api/v1/vms/{id}", id).with(owner))
                        .andExpect(jsonPath("$.powerState").value("STOPPED")));

        Vm vm = vms.findById(id).orElseThrow();
        assertThat(Files.readString(fixtures.folderOf(vm).resolve("vm.conf"))).contains("vcpus = 4")
                .contains("cores_per_socket = 2").contains("threads_per_core = 1").contains("memory_min_mib = 256")
                .contains("cpu_shares = 2000").contains("cpu_cap_percent = 25");
        mvc.perform(get("/vms/{id}", id).with(owner)).andExpect(status().isOk())
                .andExpect(content().string(containsString("4 (2 sockets x 2 cores)")))
                .andExpect(content().string(containsString("1024 MiB (at least 256 MiB when lowered)")));

        fixtures.asAdmin(() -> power.changePower(id, PowerAction.START, null));
        LaunchSpec launch = host.lastLaunch(id).orElseThrow();
        assertThat(launch.vcpus()).isEqualTo(4);
        assertThat(launch.coresPerSocket()).isEqualTo(2);
        assertThat(launch.threadsPerCore()).isEqualTo(1);
        assertThat(launch.memoryMinMib()).isEqualTo(256);
        assertThat(launch.cpuShares()).isEqualTo(2000);
        assertThat(launch.cpuCapPercent()).isEqualTo(25);
    }

    @Test
    void aVmMadeWithoutThemHasOneSocketAndAQuarterOfItsMemoryAsMinimumUntilChanged() throws Exception {
        Vm vm = fixtures.vm(team);
        mvc.perform(get("/api/v1/vms/{id}", vm.getId()).with(owner))
                .andExpect(jsonPath("$.sockets").value(1)).andExpect(jsonPath("$.coresPerSocket").value(1))
                .andExpect(jsonPath("$.memoryMinMib").value(128)).andExpect(jsonPath("$.cpu.shares").value(1000));

        update(vm, "\"vcpus\":4,\"memoryMib\":512,\"coresPerSocket\":1,\"threadsPerCore\":3")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("threadsPerCore"));
        update(vm, "\"vcpus\":4,\"memoryMib\":512,\"memoryMinMib\":600")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("memoryMinMib"));
        update(vm, "\"vcpus\":4,\"memoryMib\":512,\"coresPerSocket\":1,\"threadsPerCore\":2,\"memoryMinMib\":300")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sockets").value(2)).andExpect(jsonPath("$.coresPerSocket").value(1))
                .andExpect(jsonPath("$.threadsPerCore").value(2)).andExpect(jsonPath("$.memoryMinMib").value(300));
        assertThat(Files.readString(fixtures.folderOf(vm).resolve("vm.conf"))).contains("cores_per_socket = 1")
                .contains("threads_per_core = 2").contains("memory_min_mib = 300");

        update(vm, "\"vcpus\":2,\"memoryMib\":1024").andExpect(status().isOk())
                .andExpect(jsonPath("$.sockets").value(1)).andExpect(jsonPath("$.coresPerSocket").value(2))
                .andExpect(jsonPath("$.threadsPerCore").value(1)).andExpect(jsonPath("$.memoryMinMib").value(256));
    }

    @Test
    void aRunningVmsMemoryGoesNoLowerThanItsMinimum() throws Exception {
        Vm vm = fixtures.vm(team);
        update(vm, "\"vcpus\":1,\"memoryMib\":512,\"memoryMinMib\":256").andExpect(status().isOk());
        fixtures.asAdmin(() -> power.changePower(vm.getId(), PowerAction.START, null));
        RequestPostProcessor operator = fixtures.signedIn(team, TeamRole.OPERATOR);

        mvc.perform(post("/api/v1/vms/{id}/memory", vm.getId()).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"memoryMib\":200}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("memoryMib"))
                .andExpect(jsonPath("$.detail").value(containsString("must be 256 to 512 MiB, not 200 MiB")));
        mvc.perform(post("/api/v1/vms/{id}/memory", vm.getId()).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"memoryMib\":256}"))
                .andExpect(status().isAccepted());
        mvc.perform(get("/api/v1/host").with(operator))
                .andExpect(jsonPath("$.vms[0].load.memoryTargetMib").value(256));
        mvc.perform(get("/vms/{id}", vm.getId()).with(operator))
                .andExpect(content().string(containsString("name=\"memoryMib\" type=\"number\" min=\"256\" max=\"512\"")));
    }
}
