package io.vireo.console.hosts;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.transaction.support.TransactionTemplate;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.GuestTests;
import io.vireo.console.QemuImg;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.image.Image;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.template.internal.TemplateRepository;
import io.vireo.console.vm.PowerState;

/**
 * A VM that boots from its disk, on a libvirt host: QEMU has no boot loader to run, so the console reads the disk's
 * /boot the way the embedded engine does and boots what it found directly; a disk with nothing to boot is refused
 * with the engine's words and the VM stays off.
 */
@ExtendWith(LibvirtDaemon.class)
class LibvirtDiskBootTest extends GuestTests {
    @Autowired
    TemplateRepository templates;
    @Autowired
    DatastoreRepository datastores;
    @Autowired
    TransactionTemplate transactions;
    @TempDir
    Path tree;

    @Test
    void theKernelInTheDisksBootRunsUnderQemuAndADiskWithoutOneIsRefused() throws Exception {
        Long template = fixtures.tinyTemplate();
        Path[] tiny = transactions.execute(status -> {
            Image image = templates.findById(template).orElseThrow().getImage();
            return new Path[] {image.file(), image.initrdFile().orElseThrow()};
        });
        Team team = fixtures.team();
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        long hostId = MachineHost.id(mvc, fixtures.signedInAdmin(), "qemu-here");
        Files.createDirectories(tree.resolve("boot"));
        long empty = createdFromDisk(owner, team, hostId, diskImage(tree, "64M"));
        mvc.perform(post("/api/v1/vms/{id}/power", empty).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Nothing to boot on the disk"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> recorded(empty) == PowerState.STOPPED);

        Files.copy(tiny[0], tree.resolve("boot/vmlinux-6.12.0-riscv64"));
        Files.copy(tiny[1], tree.resolve("boot/initrd.img-6.12.0-riscv64"));
        long vm = createdFromDisk(owner, team, hostId, diskImage(tree, "96M"));
        guest.power(owner, vm, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        guest.awaitSerial(owner, vm, "VIREO-READY", Duration.ofMinutes(4));
        mvc.perform(get("/api/v1/vms/{id}", vm).with(owner)).andExpect(jsonPath("$.host").value("qemu-here"));
        guest.power(owner, vm, "STOP");
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> recorded(vm) == PowerState.STOPPED);
    }

    /** The tree as an ext4 filesystem in a qcow2 disk image of the library. */
    private long diskImage(Path content, String size) throws Exception {
        Datastore store = datastores.findAll().getFirst();
        Path images = store.directory().resolve("images");
        Files.createDirectories(images);
        String name = Fixtures.unique("boot-disk");
        Path raw = content.resolveSibling(name + ".raw");
        QemuImg.output("mke2fs", "-q", "-t", "ext4", "-d", content.toString(), raw.toString(), size);
        QemuImg.output("qemu-img", "convert", "-O", "qcow2", raw.toString(), images.resolve(name + ".qcow2").toString());
        Files.delete(raw);
        String created = mvc.perform(post("/api/v1/images").with(fixtures.signedInAdmin()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(("{\"name\":\"%s\",\"kind\":\"DISK\","
                                + "\"datastoreId\":%d,\"path\":\"images/%s.qcow2\"}").formatted(name,
                                store.getId(), name)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JsonPath.<Number>read(created, "$.id").longValue();
    }

    private long createdFromDisk(RequestPostProcessor owner, Team team, long hostId, long image) throws Exception {
        String created = mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + Fixtures.unique("lv-disk") + "\",\"teamId\":" + team.getId()
                                + ",\"vcpus\":1,\"memoryMib\":256,\"bootSource\":\"DISK\",\"diskImageId\":" + image
                                + ",\"hostId\":" + hostId + "}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long id = JsonPath.<Number>read(created, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorded(id) == PowerState.STOPPED);
        return id;
    }

    private PowerState recorded(long vmId) {
        return vms.findById(vmId).orElseThrow().getPowerState();
    }
}
