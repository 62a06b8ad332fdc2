package io.vireo.console.ovf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import io.vireo.console.Fixtures;
import io.vireo.console.GuestConsole;
import io.vireo.console.QemuImg;
import io.vireo.console.vm.BootSource;
import io.vireo.console.vm.PowerState;
import io.vireo.console.vm.Vm;

/**
 * The round trip with a real guest: a VM of the tiny appliance exported as an OVA and imported again has the same
 * hardware and, as {@code qemu-img compare} sees it, the same disk, and it boots to its prompt.
 */
class OvfRoundTripBootTest extends PackageImportTests {
    private static final Duration BOOT = Duration.ofMinutes(6);

    @Autowired
    GuestConsole guest;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anExportedVmImportedAgainHasTheSameHardwareAndDiskAndBoots() throws Exception {
        Long template = fixtures.tinyTemplate();
        long id = guest.createFromTemplate(owner, team.getId(), template, Fixtures.unique("trip"), 384);
        Awaitility.await().atMost(Duration.ofMinutes(2))
                .until(() -> vms.findById(id).orElseThrow().getPowerState() == PowerState.STOPPED);
        Vm source = vms.findById(id).orElseThrow();

        byte[] ova = export("/api/v1/vms/{id}/export", id, "ova");
        Vm back = importedVm((MockMultipartHttpServletRequestBuilder) MockMvcRequestBuilders
                .multipart("/api/v1/imports")
                .file(new MockMultipartFile("file", source.getName() + ".ova", "application/x-tar", ova))
                .param("teamId", team.getId().toString()));

        assertThat(back.getVcpus()).isEqualTo(source.getVcpus());
        assertThat(back.topology()).isEqualTo(source.topology());
        assertThat(back.getMemoryMib()).isEqualTo(source.getMemoryMib());
        assertThat(back.getArchitecture()).isEqualTo(source.getArchitecture());
        // The source boots its template's kernel; the package names that kernel, which the copy boots itself.
        assertThat(back.getBootSource()).isEqualTo(BootSource.IMAGE);
        assertThat(jdbc.queryForObject("select boot_image_id from vms where id = ?", Long.class, back.getId()))
                .isEqualTo(jdbc.queryForObject("select image_id from templates where id = ?", Long.class, template));
        String nics = "select n.name from vm_nics c join networks n on n.id = c.network_id where c.vm_id = ?"
                + " order by c.position";
        assertThat(jdbc.queryForList(nics, String.class, back.getId()))
                .isEqualTo(jdbc.queryForList(nics, String.class, source.getId()));
        QemuImg.assertSameContent(fixtures.folderOf(source).resolve("disk0.qcow2"),
                fixtures.folderOf(back).resolve("disk0.qcow2"));

        guest.power(owner, back.getId(), "START");
        guest.awaitSerial(owner, back.getId(), "VIREO-READY", BOOT);
        guest.type(owner, back.getId(), "echo trip-$((20+22))\n");
        guest.awaitSerial(owner, back.getId(), "trip-42", BOOT);
        guest.power(owner, back.getId(), "STOP");
    }
}
