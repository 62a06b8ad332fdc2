package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTests;
import io.vireo.console.Fixtures;
import io.vireo.console.QemuImg;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.engine.boot.KernelImage;

/**
 * Boot source Disk, offered in the form and the API: the VM's first disk is made from a disk image, and at power on
 * the engine boots the kernel in that disk's /boot; a disk without one is a clear power-on failure.
 */
class BootFromDiskTest extends ConsoleTests {
    /** A kernel Image that idles: wfi, then jump back to it. */
    private static final byte[] IDLE_KERNEL = KernelImage.wrapBareMetal(ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN).putInt(0x10500073).putInt(0xffdff06f).array());

    @Autowired
    DatastoreRepository datastores;
    @TempDir
    Path tree;

    @BeforeEach
    void signIn() {
        newTeamWithOwner(false);
    }

    @Test
    void theFormOffersDiskAndTheApiWantsTheDiskImageItBootsFrom() throws Exception {
        mvc.perform(get("/vms/new").with(owner)).andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"DISK\"")));
        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(vmJson(Fixtures.unique("no-image"), null)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("diskImageId"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("first disk's /boot")));
    }

    @Test
    void theFormMakesAVmBootFromTheDiskImageChosenWhateverTemplateIsSelected() throws Exception {
        Files.createDirectories(tree.resolve("boot"));
        String name = Fixtures.unique("form-disk");
        mvc.perform(post("/vms").with(owner).with(csrf()).param("name", name).param("teamId", team.getId().toString())
                        .param("vcpus", "1").param("memoryMib", "64").param("bootSource", "DISK")
                        .param("templateId", fixtures.template(team).getId().toString())
                        .param("diskImageId", diskImage().toString()).param("diskMode", "LINKED"))
                .andExpect(status().is3xxRedirection());
        assertThat(vms.findAll()).filteredOn(v -> v.getName().equals(name))
                .singleElement().satisfies(vm -> assertThat(vm.getBootSource()).isEqualTo(BootSource.DISK));
    }

    @Test
    void aVmBootsTheKernelItsDiskHoldsInBoot() throws Exception {
        Files.createDirectories(tree.resolve("boot"));
        Files.write(tree.resolve("boot/vmlinuz-6.1.0-9-riscv64"), IDLE_KERNEL);
        Long vm = createdFromDisk(diskImage());

        power(vm).andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("RUNNING"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                mvc.perform(get("/api/v1/vms/{id}/events", vm).with(owner)).andExpect(jsonPath("$[0].message")
                        .value("running: powered on, booting /boot/vmlinuz-6.1.0-9-riscv64 on disk 1 (ext4)")));

        Path folder = fixtures.folderOf(vms.findById(vm).orElseThrow());
        assertThat(Files.readAllBytes(folder.resolve("disk-boot.Image"))).as("the kernel the engine read from the disk")
                .isEqualTo(IDLE_KERNEL);
        mvc.perform(post("/api/v1/vms/{id}/power", vm).with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"action\":\"STOP\"}")).andExpect(status().isOk());
    }

    @Test
    void aVmThatBootsFromItsDiskBecomesATemplateWhoseVmsBootTheirCopyOfIt() throws Exception {
        Files.createDirectories(tree.resolve("boot"));
        Files.write(tree.resolve("boot/vmlinuz-6.1.0-9-riscv64"), IDLE_KERNEL);
        Long vm = createdFromDisk(diskImage());
        String template = mvc.perform(post("/api/v1/vms/{id}/template", vm).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + Fixtures.unique("linux") + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();

        String deployed = mvc.perform(post("/api/v1/templates/{id}/vms", JsonPath.<Number>read(template, "$.id").longValue())
                        .with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\""
                                + Fixtures.unique("deployed") + "\",\"teamId\":" + team.getId() + ",\"mode\":\"LINKED\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.bootSource").value("DISK"))
                .andReturn().getResponse().getContentAsString();
        Long copy = JsonPath.<Number>read(deployed, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> vms.findById(copy).orElseThrow().getPowerState() == PowerState.STOPPED);

        power(copy).andExpect(status().isOk()).andExpect(jsonPath("$.powerState").value("RUNNING"));
        mvc.perform(post("/api/v1/vms/{id}/power", copy).with(owner).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"STOP\"}")).andExpect(status().isOk());
    }

    @Test
    void aDiskWithoutAKernelFailsThePowerOnSayingWhatWasLookedForAndWhere() throws Exception {
        Files.createDirectories(tree.resolve("boot"));
        Long vm = createdFromDisk(diskImage());

        power(vm).andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Nothing to boot on the disk"))
                .andExpect(jsonPath("$.detail").value(containsString("cannot power on: no /boot/extlinux/extlinux.conf,"
                        + " no /extlinux/extlinux.conf and no /boot/vmlinuz-* or /boot/vmlinux-* on disk 1 (ext4)")));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> vms.findById(vm).orElseThrow().getPowerState() == PowerState.STOPPED);
        mvc.perform(get("/vms/{id}", vm).with(owner))
                .andExpect(content().string(containsString("value=\"START\"")));
    }

    /** The tree made an ext4 filesystem in a qcow2 disk image of the library, registered by the administrator. */
    private Long diskImage() throws Exception {
        Path images = datastores.findById(1L).orElseThrow().directory().resolve("images");
        Files.createDirectories(images);
        String name = Fixtures.unique("linux");
        Path raw = tree.resolveSibling(name + ".raw");
        QemuImg.output("mke2fs", "-q", "-t", "ext4", "-d", tree.toString(), raw.toString(), "16M");
        QemuImg.output("qemu-img", "convert", "-O", "qcow2", raw.toString(), images.resolve(name + ".qcow2").toString());
        Files.delete(raw);
        String created = mvc.perform(post("/api/v1/images").with(fixtures.signedInAdmin()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"%s\",\"kind\":\"DISK\",\"datastoreId\":1,\"path\":\"images/%s.qcow2\"}"
                                .formatted(name, name)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JsonPath.<Number>read(created, "$.id").longValue();
    }

    private Long createdFromDisk(Long image) throws Exception {
        String created = mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(vmJson(Fixtures.unique("from-disk"), image)))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.bootSource").value("DISK"))
                .andReturn().getResponse().getContentAsString();
        Long id = JsonPath.<Number>read(created, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> vms.findById(id).orElseThrow().getPowerState() == PowerState.STOPPED);
        return id;
    }

    private String vmJson(String name, Long diskImage) {
        return "{\"name\":\"" + name + "\",\"teamId\":" + team.getId() + ",\"vcpus\":1,\"memoryMib\":64,"
                + "\"bootSource\":\"DISK\"" + (diskImage == null ? "" : ",\"diskImageId\":" + diskImage) + "}";
    }

    private ResultActions power(Long vm) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/power", vm).with(owner).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"));
    }
}
