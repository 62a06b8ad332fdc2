package io.vireo.console.vm;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
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
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.GuestTests;
import io.vireo.console.QemuImg;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * The real engine behind the CD-ROM drive: an ISO image made on the host with genisoimage, registered in the
 * library and put into a stopped VM's drive, mounts from {@code /dev/sr0} in the booted tiny appliance and its file
 * reads back; while mounted the drive refuses an eject (409, forceable), and once unmounted the console ejects it.
 */
class VmCdromGuestTest extends GuestTests {
    private static final Duration BOOT = Duration.ofMinutes(5);

    @Test
    void anIsoInTheDriveMountsInTheGuestAndIsEjectedFromTheConsoleOnceUnmounted() throws Exception {
        Long templateId = fixtures.tinyTemplate();
        Team team = fixtures.team();
        fixtures.grantDatastore(team);
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        long vmId = guest.createFromTemplate(owner, team.getId(), templateId, Fixtures.unique("cd"), 256);
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> vms.findById(vmId).orElseThrow().getPowerState() == PowerState.STOPPED);
        Vm vm = vms.findById(vmId).orElseThrow();

        String name = Fixtures.unique("disc");
        Path root = fixtures.folderOf(vm).getParent();
        Path content = Files.createDirectories(root.resolve(name + "-content"));
        Files.writeString(content.resolve("hello.txt"), "vireo-cdrom-42\n");
        Files.createDirectories(root.resolve("images"));
        QemuImg.output("genisoimage", "-quiet", "-r", "-V", "VIREO", "-o",
                root.resolve("images/" + name + ".iso").toString(), content.toString());
        String registered = mvc.perform(post("/api/v1/images").with(fixtures.signedInAdmin()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"name":"%s","kind":"ISO","datastoreId":%d,"path":"images/%s.iso"}"""
                                .formatted(name, vm.getDatastore().getId(), name)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long imageId = JsonPath.<Number>read(registered, "$.id").longValue();

        cdrom(owner, vmId, "{\"imageId\":" + imageId + "}").andExpect(status().isOk());
        guest.power(owner, vmId, "START");
        guest.awaitSerial(owner, vmId, "VIREO-READY", BOOT);
        guest.type(owner, vmId, "mkdir -p /cd; mount -t iso9660 -o ro /dev/sr0 /cd && echo disc-$(cat /cd/hello.txt)\n");
        guest.awaitSerial(owner, vmId, "disc-vireo-cdrom-42", Duration.ofSeconds(60));

        cdrom(owner, vmId, "{\"eject\":true}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("has locked its CD-ROM drive")))
                .andExpect(jsonPath("$.forceable").value(true));

        guest.type(owner, vmId, "umount /cd; echo unmounted-$((2+3))\n");
        guest.awaitSerial(owner, vmId, "unmounted-5", Duration.ofSeconds(60));
        cdrom(owner, vmId, "{\"eject\":true}").andExpect(status().isOk());
        mvc.perform(get("/api/v1/vms/{id}/cdrom", vmId).with(owner)).andExpect(jsonPath("$.imageId").value(nullValue()));
        guest.type(owner, vmId, "mount -t iso9660 -o ro /dev/sr0 /cd 2>/dev/null || echo no-disc-$((3+4))\n");
        guest.awaitSerial(owner, vmId, "no-disc-7", Duration.ofSeconds(60));

        guest.power(owner, vmId, "STOP");
    }

    private ResultActions cdrom(RequestPostProcessor who, long vmId, String body) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/cdrom", vmId).with(who).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
