package io.vireo.console.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTests;
import io.vireo.console.Fixtures;
import io.vireo.console.QemuImg;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * Disk images in the library, and the two arrows between images and templates: a registered disk image becomes a
 * template whose disk is a copy of it, and a template with files becomes an image again, each checked with
 * {@code qemu-img compare}. Viewers can do neither; another team's ids answer 404.
 */
class ImageTemplateArrowsTest extends ConsoleTests {

    @Autowired
    DatastoreRepository datastores;
    @Autowired
    QuotaService quotas;

    @Test
    void aDiskImageIsCheckedWhenRegisteredAndOneWithABackingFileOrDamageIsRefused() throws Exception {
        RequestPostProcessor admin = admin();
        Path root = datastores.findById(1L).orElseThrow().directory().resolve("images");
        Files.createDirectories(root);
        String name = Fixtures.unique("disk");
        Path disk = root.resolve(name + ".qcow2");
        QemuImg.output("qemu-img", "create", "-f", "qcow2", disk.toString(), "64M");
        Files.copy(disk, root.resolveSibling(name + ".qcow2"));
        register(admin, Fixtures.unique("outside"), name + ".qcow2").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("images folder")));
        register(admin, name, "images/" + name + ".qcow2").andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("DISK")).andExpect(jsonPath("$.format").value("qcow2"));

        String over = Fixtures.unique("overlay");
        QemuImg.output("qemu-img", "create", "-f", "qcow2", "-b", disk.toString(), "-F", "qcow2",
                root.resolve(over + ".qcow2").toString());
        register(admin, over, "images/" + over + ".qcow2").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("has a backing file")));

        String broken = Fixtures.unique("broken");
        Path damaged = root.resolve(broken + ".qcow2");
        Files.copy(disk, damaged);
        try (FileChannel file = FileChannel.open(damaged, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {0x7f, 0, 0, 0, 0, 0, 0, 0}), 40); // the L1 table's offset
        }
        register(admin, broken, "images/" + broken + ".qcow2").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("path"));
    }

    @Test
    void anImageBecomesATemplateAndTheTemplateAnImageAgainWithTheSameContent() throws Exception {
        Team team = fixtures.team();
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        Path root = datastores.findById(1L).orElseThrow().directory();
        Files.createDirectories(root.resolve("images"));
        String imageName = Fixtures.unique("base");
        Path source = root.resolve("images/" + imageName + ".qcow2");
        Path raw = root.resolve(imageName + ".raw");
        try (FileChannel file = FileChannel.open(raw, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap("a marker in the image".getBytes()), 3 << 20);
            file.write(ByteBuffer.allocate(1), (1L << 30) - 1);
        }
        QemuImg.output("qemu-img", "convert", "-O", "qcow2", raw.toString(), source.toString());
        Files.delete(raw);
        Long imageId = id(register(admin(), imageName, "images/" + imageName + ".qcow2"));
        long used = quotas.usedBy(team.getId()).diskGib();

        String templateName = Fixtures.unique("from-image");
        String created = mvc.perform(post("/api/v1/templates/from-image").with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(fromImage(imageId, templateName, team.getId())))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.disks[0].file").value("disk0.qcow2"))
                .andExpect(jsonPath("$.diskGib").value(1))
                .andReturn().getResponse().getContentAsString();
        Long templateId = ((Number) JsonPath.read(created, "$.id")).longValue();
        Path templateDisk = root.resolve("template-" + templateId).resolve("disk0.qcow2");
        awaitFile(templateDisk);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> QemuImg.identical(source, templateDisk));
        assertThat(quotas.usedBy(team.getId()).diskGib()).as("the template's file counts").isEqualTo(used + 1);
        mvc.perform(get("/templates/{id}", templateId).with(owner)).andExpect(status().isOk())
                .andExpect(content().string(containsString("cannot be powered on")))
                .andExpect(content().string(containsString("Deploy VM")));

        String again = Fixtures.unique("again");
        mvc.perform(post("/api/v1/templates/{id}/image", templateId).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + again + "\"}"))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.kind").value("image.create"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                mvc.perform(get("/api/v1/images?q={q}", again).with(owner))
                        .andExpect(jsonPath("$.items[0].kind").value("DISK"))
                        .andExpect(jsonPath("$.items[0].teamId").value(team.getId())));
        assertThat(QemuImg.identical(source, root.resolve("images/" + again + ".qcow2"))).isTrue();

        RequestPostProcessor stranger = fixtures.signedIn(fixtures.team(), TeamRole.OWNER);
        mvc.perform(get("/api/v1/images?q={q}", again).with(stranger)).andExpect(jsonPath("$.totalItems").value(0));
    }

    @Test
    void viewersCannotConvertAndOtherTeamsFindNothing() throws Exception {
        Team team = fixtures.team();
        TemplateView template = fixtures.template(team);
        RequestPostProcessor viewer = fixtures.signedIn(team, TeamRole.VIEWER);
        RequestPostProcessor stranger = fixtures.signedIn(fixtures.team(), TeamRole.OWNER);
        String image = "{\"name\":\"" + Fixtures.unique("img") + "\"}";
        String fromImage = fromImage(1L, Fixtures.unique("tpl"), team.getId());
        mvc.perform(post("/api/v1/templates/{id}/image", template.id()).with(viewer).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(image)).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/templates/from-image").with(viewer).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(fromImage)).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/templates/{id}/image", template.id()).with(stranger).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(image)).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/templates/from-image").with(stranger).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(fromImage)).andExpect(status().isNotFound());

        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        mvc.perform(post("/api/v1/templates/{id}/image", template.id()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(image))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("nothing to make an image of")));
        mvc.perform(delete("/api/v1/templates/{id}", template.id()).with(owner).with(csrf()))
                .andExpect(status().isNoContent());
    }

    private String fromImage(Long imageId, String name, Long teamId) {
        return """
                {"imageId":%d,"name":"%s","teamId":%d,"kernelImageId":%d,"vcpus":1,"memoryMib":256}"""
                .formatted(imageId, name, teamId, fixtures.kernelImage().getId());
    }

    private ResultActions register(RequestPostProcessor admin, String name,
            String path) throws Exception {
        return mvc.perform(post("/api/v1/images").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"%s\",\"kind\":\"DISK\",\"datastoreId\":1,\"path\":\"%s\"}".formatted(name, path)));
    }

    private static Long id(ResultActions created) throws Exception {
        return ((Number) JsonPath.read(created.andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString(), "$.id")).longValue();
    }

    private RequestPostProcessor admin() {
        return fixtures.signedInAdmin();
    }

    private static void awaitFile(Path file) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
    }
}
