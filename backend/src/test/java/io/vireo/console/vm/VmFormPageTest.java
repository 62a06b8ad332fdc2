package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vireo.console.ConsoleTests;
import io.vireo.console.Fixtures;
import io.vireo.console.template.TemplateView;

class VmFormPageTest extends ConsoleTests {

    @BeforeEach
    void ownerOfATeam() {
        newTeamWithOwner(false);
    }

    @Test
    void theFormShowsTheQuotaImpactOfWhatIsEntered() throws Exception {
        mvc.perform(post("/vms/new/impact").with(owner).with(csrf()).header("HX-Request", "true")
                        .param("teamId", team.getId().toString()).param("vcpus", "20").param("memoryMib", "1024")
                        .param("disks[0].sizeGib", "10"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"impact\"")))
                .andExpect(content().string(containsString("would exceed the quota for vcpus")));
    }

    @Test
    void invalidInputIsShownNextToItsField() throws Exception {
        mvc.perform(post("/vms").with(owner).with(csrf()).param("name", "no spaces please")
                        .param("teamId", team.getId().toString()).param("vcpus", "0").param("memoryMib", "1024")
                        .param("bootSource", "TEMPLATE").param("disks[0].sizeGib", "10"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("letters, digits, dot, dash or underscore")))
                .andExpect(content().string(containsString("must be greater than or equal to 1")));
    }

    @Test
    void aValidFormCreatesTheVmAndOpensItsPage() throws Exception {
        mvc.perform(post("/vms").with(owner).with(csrf()).param("name", Fixtures.unique("form"))
                        .param("teamId", team.getId().toString()).param("vcpus", "1").param("memoryMib", "512")
                        .param("bootSource", "TEMPLATE").param("templateId", fixtures.template(team).getId().toString()))
                .andExpect(redirectedUrlPattern("/vms/*"));
    }

    private String templateId() {
        return fixtures.template(team).getId().toString();
    }

    @Test
    void theFormGivesTheVmItsSocketsMemoryMinimumAndCpuSharesAndCap() throws Exception {
        String name = Fixtures.unique("form-shape");
        mvc.perform(post("/vms").with(owner).with(csrf()).param("name", name)
                        .param("teamId", team.getId().toString()).param("vcpus", "4").param("memoryMib", "512")
                        .param("coresPerSocket", "2").param("threadsPerCore", "1").param("memoryMinMib", "192")
                        .param("cpu.shares", "3000").param("cpu.capPercent", "40")
                        .param("bootSource", "TEMPLATE").param("templateId", templateId()))
                .andExpect(redirectedUrlPattern("/vms/*"));
        Vm vm = vms.findByTeamId(team.getId()).stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
        assertThat(vm.topology()).isEqualTo(new VmTopology(2, 2, 1));
        assertThat(vm.memory()).isEqualTo(new VmMemory(512, 192));
        assertThat(vm.cpu()).isEqualTo(new VmCpu(3000, 40));
    }

    @Test
    void sharesCapAndSocketsTheApiRefusesAreShownNextToTheirFields() throws Exception {
        mvc.perform(post("/vms").with(owner).with(csrf()).param("name", Fixtures.unique("form-shape"))
                        .param("teamId", team.getId().toString()).param("vcpus", "4").param("memoryMib", "512")
                        .param("cpu.shares", "5").param("cpu.capPercent", "101")
                        .param("bootSource", "TEMPLATE").param("templateId", templateId()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("must be greater than or equal to 10")))
                .andExpect(content().string(containsString("must be less than or equal to 100")));
        mvc.perform(post("/vms").with(owner).with(csrf()).param("name", Fixtures.unique("form-shape"))
                        .param("teamId", team.getId().toString()).param("vcpus", "4").param("memoryMib", "512")
                        .param("coresPerSocket", "3")
                        .param("bootSource", "TEMPLATE").param("templateId", templateId()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("4 vCPUs do not fill whole sockets of 3 cores")));
        mvc.perform(get("/vms/new").with(owner)).andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"cpu.shares\" value=\"1000\"")));
    }

    @Test
    void theFormStartsFromATemplateAndOffersEveryBootSourceTheEngineCanBoot() throws Exception {
        TemplateView template = fixtures.template(team);
        mvc.perform(get("/vms/new").with(owner))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"TEMPLATE\" id=\"bootSource1\" name=\"bootSource\" checked")))
                .andExpect(content().string(containsString(">Kernel image<")))
                .andExpect(content().string(containsString("value=\"DISK\"")))
                .andExpect(content().string(containsString("the one in the first disk's /boot")));
        mvc.perform(get("/vms/new").param("templateId", template.getId().toString()).with(owner))
                .andExpect(content().string(containsString("<option value=\"" + template.getId() + "\" selected")));
        mvc.perform(post("/vms").with(owner).with(csrf()).param("name", Fixtures.unique("form"))
                        .param("teamId", team.getId().toString()).param("vcpus", "1").param("memoryMib", "512")
                        .param("bootSource", "DISK").param("disks[0].sizeGib", "1"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("A VM that boots from its disk boots the kernel in its"
                        + " first disk&#39;s /boot")));
    }

    @Test
    void addingADiskRowRerendersTheFormWithIt() throws Exception {
        mvc.perform(post("/vms/new/edit").with(owner).with(csrf()).header("HX-Request", "true")
                        .param("edit", "addDisk").param("teamId", team.getId().toString())
                        .param("disks[0].sizeGib", "10"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("disks[1].sizeGib")));
    }

    @Test
    void listsAnswerHtmxSearchesWithTheResultsOnly() throws Exception {
        mvc.perform(get("/vms").param("q", "nothing-matches-this").with(owner).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No VMs match.")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("<html"))));
    }
}
