package io.vireo.console.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.FakeEngineTests;
import io.vireo.console.Fixtures;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.engine.FakeApplianceFactory;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageService;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.template.internal.TemplateRepository;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.user.User;

/**
 * The catalog's Debian: building it (the engine's twenty-minute build faked by {@link FakeApplianceFactory}) records
 * its root disk as a shared disk image and a shared template with a copy of it, and a VM deployed from the template
 * boots from its own disk, with no kernel image, told on its command line who it is: its host name, its creator
 * as its user and their account's SSH key.
 */
class DebianApplianceCatalogTest extends FakeEngineTests {
    private static final String KEY = "ssh-ed25519"
            + " AAAAC3NzaC1lZDI1NTE5AAAAIOHrfijgXsIr7tyQO8uBkdUxzNRDeT/8G96/CyshInvj ann@laptop";
    private static final String IMAGE = "debian " + FakeApplianceFactory.KERNEL_VERSION;

    @Autowired
    ImageService images;
    @Autowired
    TemplateRepository templates;
    @Autowired
    DatastoreRepository datastores;

    @Test
    void theCatalogOffersDebianBesideTiny() throws Exception {
        String someone = fixtures.user(GlobalRole.USER).getUsername();
        mvc.perform(get("/api/v1/appliances").with(user(someone)))
                .andExpect(jsonPath("$[0].entry.name").value("tiny"))
                .andExpect(jsonPath("$[1].entry.name").value("debian"))
                .andExpect(jsonPath("$[1].entry.title").value("Debian (systemd, SSH)"))
                .andExpect(jsonPath("$[1].entry.kind").value("BUILT"));
    }

    @Test
    void buildingDebianRecordsItsDiskAsAnImageAndATemplateWhoseVmsBootFromTheirOwnCopy() throws Exception {
        Long templateId = debianTemplate();
        Image image = fixtures.asAdmin(() -> images.findByName(IMAGE)).orElseThrow();
        assertThat(image.isDisk()).isTrue();
        assertThat(image.isShared()).isTrue();
        assertThat(datastores.findById(1L).orElseThrow().directory()
                .resolve("images/debian-" + FakeApplianceFactory.KERNEL_VERSION + ".qcow2")).exists();
        mvc.perform(get("/api/v1/appliances").with(user(fixtures.user(GlobalRole.USER).getUsername())))
                .andExpect(jsonPath("$[1].templateId").value(templateId))
                .andExpect(jsonPath("$[1].bootsFromDisk").value(true));
        mvc.perform(get("/appliances").with(user(fixtures.user(GlobalRole.USER).getUsername())))
                .andExpect(content().string(containsString("href=\"/templates/" + templateId + "\"")));

        Team team = fixtures.team();
        User creator = fixtures.member(team, TeamRole.OWNER);
        RequestPostProcessor owner = user(creator.getUsername());
        mvc.perform(put("/api/v1/me").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"sshPublicKey\":\"" + KEY + "\"}")).andExpect(status().isOk());
        String name = Fixtures.unique("Deb_Ian");
        String created = mvc.perform(post("/api/v1/templates/{id}/vms", templateId).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"teamId\":" + team.getId() + "}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.bootSource").value("DISK"))
                .andReturn().getResponse().getContentAsString();
        Long vmId = ((Number) JsonPath.read(created, "$.id")).longValue();
        fixtures.awaitSucceeded(fixtures.createTaskOf(vms.findById(vmId).orElseThrow()).getId());
        mvc.perform(post("/api/v1/vms/{id}/power", vmId).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"))
                .andExpect(status().isOk());

        LaunchSpec launch = host.lastLaunch(vmId).orElseThrow();
        assertThat(launch.kernel()).as("the kernel comes from the disk's /boot").isEmpty();
        assertThat(launch.initrd()).isEmpty();
        assertThat(launch.commandLine().split(" ")).as("the creator and their key, for the system's first boot")
                .contains("vireo.hostname=" + name.toLowerCase().replace('_', '-'),
                        "vireo.user=" + creator.getUsername(),
                        "vireo.ssh-key=" + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)));
        Path disk = launch.disks().getFirst().file();
        assertThat(Files.size(disk)).isPositive();
        assertThat(disk).as("the VM writes its own file, never the template's")
                .startsWith(fixtures.folderOf(vms.findById(vmId).orElseThrow()));
    }

    @Test
    void aVmNameThatIsNoHostNameIsRefusedBeforeAnythingIsMade() throws Exception {
        Long templateId = debianTemplate();
        Team team = fixtures.team();
        mvc.perform(post("/api/v1/templates/{id}/vms", templateId).with(fixtures.signedIn(team, TeamRole.OWNER))
                        .with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x vireo.user=root\",\"teamId\":" + team.getId() + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    private Long debianTemplate() throws Exception {
        synchronized (DebianApplianceCatalogTest.class) {
            if (templates.findByName("debian").isEmpty()) {
                String task = mvc.perform(post("/api/v1/appliances/debian/build").with(fixtures.signedInAdmin())
                                .with(csrf()))
                        .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
                Long taskId = ((Number) JsonPath.read(task, "$.id")).longValue();
                fixtures.awaitSucceeded(taskId);
                mvc.perform(get("/api/v1/tasks/{id}", taskId).with(fixtures.signedInAdmin()))
                        .andExpect(jsonPath("$.step").value("Copying the disk into the shared template debian"));
            }
            return templates.findByName("debian").getFirst().getId();
        }
    }
}
