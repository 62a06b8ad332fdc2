package io.vireo.console.ovf;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import io.vireo.console.QemuImg;
import io.vireo.console.team.TeamRole;

/**
 * The import page's mapping step: the form carries it (the script, the mapping field, "import as"), the inspection
 * answers from the descriptor alone each source network with its default Vireo network, each disk with the controller
 * it was on and its bus, and what Vireo cannot give the VM; the mapping the form sends is applied or refused plainly.
 */
class ImportMappingTest extends PackageImportTests {

    @Test
    void theVmListsImportFormCarriesTheMappingStep() throws Exception {
        mvc.perform(get("/vms").with(owner))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-import-mapping")))
                .andExpect(content().string(containsString("name=\"mapping\"")))
                .andExpect(content().string(containsString("/js/import-mapping.js")))
                .andExpect(content().string(containsString("value=\"TEMPLATE\"")))
                .andExpect(content().string(containsString(".vmx,.iso")))
                .andExpect(content().string(containsString("class=\"upload-progress\"")));
    }

    @Test
    void theSampleVmxIsInspectedWithEachNetworkDiskAndWhatCannotBeMapped() throws Exception {
        mvc.perform(inspecting(new MockMultipartFile("file", "Ubuntu-VM.vmx", "text/plain", VmxMapperTest.sample()))
                        .with(owner).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("VMX"))
                .andExpect(jsonPath("$.vms[0].name").value("Ubuntu-VM"))
                .andExpect(jsonPath("$.vms[0].vcpus").value(2))
                .andExpect(jsonPath("$.vms[0].memoryMib").value(4096))
                .andExpect(jsonPath("$.vms[0].architecture").value("x86_64"))
                .andExpect(jsonPath("$.vms[0].disks[0].id").value("scsi0:0"))
                .andExpect(jsonPath("$.vms[0].disks[0].controller").value("LSI Logic SCSI"))
                .andExpect(jsonPath("$.vms[0].disks[0].bus").value("VIRTIO"))
                .andExpect(jsonPath("$.vms[0].notes",
                        hasItem(containsString("sata0:1 (SATA) holds ubuntu-22.04.4-live-server-amd64.iso"))))
                .andExpect(jsonPath("$.vms[0].notes", hasItem(containsString("EFI firmware"))))
                .andExpect(jsonPath("$.vms[0].notes", hasItem(containsString("x86_64 guest"))))
                .andExpect(jsonPath("$.networks[0].source").value("NAT"))
                .andExpect(jsonPath("$.networks[0].network").value("default"))
                .andExpect(jsonPath("$.vireoNetworks", hasItem("default")))
                .andExpect(jsonPath("$.buses[0]").value("VIRTIO"));
    }

    @Test
    void anOvaIsInspectedFromTheDescriptorAtItsHead() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("shop.ovf", OvfDescriptorTest.fixture("vapp.ovf", Map.of("disk1.size", "1", "disk2.size", "1",
                "disk1.mib", "16", "disk2.mib", "8")).getBytes(StandardCharsets.UTF_8));
        entries.put("shop-web-disk1.vmdk", new byte[] {1});
        mvc.perform(inspecting(new MockMultipartFile("file", "shop.ova", "application/x-tar",
                        OvfTestPackages.tar(entries))).with(owner).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("OVF"))
                .andExpect(jsonPath("$.vms[1].name").value("shop-db"))
                .andExpect(jsonPath("$.vms[1].disks[0].controller").value("SCSI lsilogic"))
                .andExpect(jsonPath("$.networks[1].source").value("backend"))
                .andExpect(jsonPath("$.networks[1].network").value("default"));
        mvc.perform(inspecting(new MockMultipartFile("file", "disk.vmdk", "application/octet-stream", new byte[8]))
                        .with(owner).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString(".ovf or .vmx")));
        mvc.perform(inspecting(new MockMultipartFile("file", "Ubuntu-VM.vmx", "text/plain", VmxMapperTest.sample()))
                        .with(fixtures.signedIn(team, TeamRole.VIEWER)).with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void theFormsMappingIsAppliedAndABadOneRefusedPlainly() throws Exception {
        Path folder = dir.resolve("vm");
        Files.createDirectories(folder);
        Files.write(folder.resolve("Ubuntu-VM.vmx"), VmxMapperTest.sample());
        QemuImg.output("qemu-img", "create", "-q", "-f", "vmdk", folder.resolve("Ubuntu-VM-000001.vmdk").toString(),
                "8M");

        mvc.perform(importForm(folder).param("mapping", "{\"networks\":{\"NAT\":\"nowhere\"}}"))
                .andExpect(redirectedUrl("/vms"))
                .andExpect(flash().attribute("problem", containsString("No network named nowhere")));
        mvc.perform(importForm(folder).param("mapping", "{\"disks\":{\"scsi0:0\":\"SCSI\"}}"))
                .andExpect(redirectedUrl("/vms"))
                .andExpect(flash().attribute("problem", containsString("cannot go on the bus SCSI")));
        mvc.perform(importForm(folder).param("mapping", "{\"networks\":{\"NAT\":\"default\"},"
                        + "\"disks\":{\"scsi0:0\":\"VIRTIO\"}}"))
                .andExpect(redirectedUrlPattern("/tasks/*"));
    }

    private MockMultipartHttpServletRequestBuilder inspecting(MockMultipartFile file) {
        return (MockMultipartHttpServletRequestBuilder) multipart("/api/v1/imports/inspect").file(file)
                .param("teamId", team.getId().toString());
    }

    private MockMultipartHttpServletRequestBuilder importForm(Path folder) throws IOException {
        MockMultipartHttpServletRequestBuilder request = multipart("/vms/import");
        for (String name : new String[] {"Ubuntu-VM.vmx", "Ubuntu-VM-000001.vmdk"}) {
            request.file(new MockMultipartFile("file", name, "application/octet-stream",
                    Files.readAllBytes(folder.resolve(name))));
        }
        return (MockMultipartHttpServletRequestBuilder) request.param("teamId", team.getId().toString())
                .with(owner).with(csrf());
    }
}
