package io.vireo.console.ovf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.QemuImg;
import io.vireo.console.vm.GuestArchitecture;
import io.vireo.console.vm.PowerState;
import io.vireo.console.vm.Vm;

/**
 * A VMware VM (the seed's Ubuntu-VM sample, its disk a snapshot chain) imports through {@code POST /api/v1/imports}
 * with every field of its {@code .vmx} mapped: the chain flattened into one disk of the same content, the MAC and
 * BIOS UUID kept, its CD-ROM's ISO image (when sent along) in the VM's drive, and what the engine cannot run (EFI, an
 * x86-64 guest, VMware's devices) or what was missing (the ISO) said in its events. "Register VM from folder" takes
 * the same VM from a VMware folder in a datastore.
 */
class VmxImportTest extends PackageImportTests {
    private static final String ISO = "ubuntu-22.04.4-live-server-amd64.iso";

    @Autowired
    JdbcTemplate jdbc;

    /**
     * The sample's folder in {@code folder}: the {@code .vmx}, its base disk and the snapshot delta over it that the
     * {@code .vmx} names, and the EFI variables file; answers what the chain reads, as QEMU reads it. The last two
     * bytes of its BIOS UUID and MAC are the team's ({@link #tag}), so each test's VM has an identity of its own.
     */
    Path vmwareFolder(Path folder, Path scratch) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("Ubuntu-VM.vmx"), new String(VmxMapperTest.sample(), StandardCharsets.UTF_8)
                .replace("5e 6f", tag(" ")).replace("5e:6f", tag(":")));
        Path base = folder.resolve("Ubuntu-VM.vmdk");
        QemuImg.output("qemu-img", "create", "-q", "-f", "vmdk", base.toString(), "24M");
        QemuImg.output("qemu-io", "-f", "vmdk", "-c", "write -P 0x51 0 2M", "-c", "write -P 0x52 8M 1M",
                base.toString());
        Path delta = folder.resolve("Ubuntu-VM-000001.vmdk");
        QemuImg.output("qemu-img", "create", "-q", "-f", "vmdk", "-b", "Ubuntu-VM.vmdk", "-F", "vmdk",
                delta.toString());
        QemuImg.output("qemu-io", "-f", "vmdk", "-c", "write -P 0x53 1M 2M", delta.toString());
        Files.write(folder.resolve("Ubuntu-VM.nvram"), new byte[4096]);
        return QemuImg.readOut(delta, scratch.resolve("expected.raw"));
    }

    @Test
    void theSeedSampleImportsWithEveryFieldMappedAndItsSnapshotChainFlattened() throws Exception {
        Path folder = dir.resolve("Ubuntu-VM");
        Path expected = vmwareFolder(folder, dir);

        Vm vm = importedVm(parts(folder, List.of("Ubuntu-VM.vmx", "Ubuntu-VM.vmdk", "Ubuntu-VM-000001.vmdk",
                "Ubuntu-VM.nvram")));

        assertThat(vm.getName()).isEqualTo("Ubuntu-VM");
        assertThat(vm.getVcpus()).isEqualTo(2);
        assertThat(vm.topology().coresPerSocket()).isEqualTo(2);
        assertThat(vm.getMemoryMib()).isEqualTo(4096);
        assertThat(vm.getArchitecture()).isEqualTo(GuestArchitecture.X86_64);
        assertThat(vm.getUuid()).isEqualTo("564d8a2e-1c3f-9b7d-4e6a-1f2b3c4d" + tag(""));
        assertThat(vm.getDescription()).startsWith("Build box");
        assertThat(jdbc.queryForList("select c.mac || ' ' || n.name from vm_nics c join networks n"
                + " on n.id = c.network_id where c.vm_id = ?", String.class, vm.getId()))
                .containsExactly(mac() + " default");
        Path disk = fixtures.folderOf(vm).resolve("disk0.qcow2");
        QemuImg.check(disk);
        QemuImg.assertSameContent(expected, disk);
        assertThat(jdbc.queryForList("select size_gib from vm_disks where vm_id = ?", Long.class, vm.getId()))
                .containsExactly(1L);
        assertThat(jdbc.queryForList("select message from vm_events where vm_id = ?", String.class, vm.getId()))
                .anyMatch(m -> m.contains("EFI firmware")).anyMatch(m -> m.contains("x86_64 guest"))
                .anyMatch(m -> m.contains("CD/DVD drive sata0:1 (SATA) held ubuntu-22.04.4-live-server-amd64.iso,"
                        + " which was not among the files") && m.contains("CD-ROM drive is empty"))
                .anyMatch(m -> m.contains("LSI Logic SCSI"))
                .anyMatch(m -> m.contains("vmxnet3")).anyMatch(m -> m.contains("was on NAT"))
                .anyMatch(m -> m.contains("chain of 2 snapshot files"));
        assertThat(disc(vm)).isEmpty();
        assertNoStagingLeft();

        assertX86RefusedHere(vm);
    }

    @Test
    void theSamplesIsoSentWithItBecomesTheTeamsIsoImageInTheVmsCdRomDrive() throws Exception {
        Path folder = dir.resolve("Ubuntu-VM");
        vmwareFolder(folder, dir);
        byte[] iso = iso(folder.resolve(ISO));

        Vm vm = importedVm(parts(folder, List.of("Ubuntu-VM.vmx", "Ubuntu-VM.vmdk", "Ubuntu-VM-000001.vmdk", ISO)));

        String disc = disc(vm).orElseThrow();
        assertThat(disc).startsWith("ubuntu-22.04.4-live-server-amd64");
        assertThat(images().resolve(disc + ".iso")).hasBinaryContent(iso);
        mvc.perform(get("/api/v1/vms/{id}/cdrom", vm.getId()).with(owner))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.imageName").value(disc));
        assertThat(jdbc.queryForList("select message from vm_events where vm_id = ?", String.class, vm.getId()))
                .noneMatch(m -> m.contains("CD/DVD"));
        assertNoStagingLeft();

        Vm again = importedVm(parts(folder, List.of("Ubuntu-VM.vmx", "Ubuntu-VM.vmdk", "Ubuntu-VM-000001.vmdk",
                ISO)));
        assertThat(disc(again).orElseThrow()).startsWith("ubuntu-22.04.4-live-server-amd64-").isNotEqualTo(disc);
    }

    @Test
    void anIsoThatIsNotWholeBlocksIsRefusedAsAnUploadIsAndLeavesNothing() throws Exception {
        Path folder = dir.resolve("Ubuntu-VM");
        vmwareFolder(folder, dir);
        Files.write(folder.resolve(ISO), new byte[3000]);
        List<String> before = isoFiles();
        long imagesBefore = jdbc.queryForObject("select count(*) from images", Long.class);

        mvc.perform(parts(folder, List.of("Ubuntu-VM.vmx", "Ubuntu-VM.vmdk", "Ubuntu-VM-000001.vmdk", ISO))
                        .with(owner).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString(ISO + " is 3000 bytes, not whole"
                        + " 2048-byte blocks")));
        assertNoStagingLeft();
        assertThat(vms.findByTeamId(team.getId())).isEmpty();
        assertThat(isoFiles()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from images", Long.class)).isEqualTo(imagesBefore);
    }

    @Test
    void aMacAnotherCardHasIsReplacedAndAMissingDiskIsRefused() throws Exception {
        Path folder = dir.resolve("Ubuntu-VM");
        vmwareFolder(folder, dir);
        Vm first = importedVm(parts(folder, List.of("Ubuntu-VM.vmx", "Ubuntu-VM.vmdk", "Ubuntu-VM-000001.vmdk")));
        Vm second = importedVm(parts(folder, List.of("Ubuntu-VM.vmx", "Ubuntu-VM.vmdk", "Ubuntu-VM-000001.vmdk")));

        assertThat(second.getName()).isEqualTo("Ubuntu-VM-2");
        assertThat(second.getUuid()).isNotEqualTo(first.getUuid());
        assertThat(jdbc.queryForObject("select mac from vm_nics where vm_id = ?", String.class, second.getId()))
                .isNotEqualTo(mac());
        assertThat(jdbc.queryForList("select message from vm_events where vm_id = ?", String.class, second.getId()))
                .anyMatch(m -> m.contains("got a new MAC"));

        mvc.perform(parts(folder, List.of("Ubuntu-VM.vmx", "Ubuntu-VM-000001.vmdk")).with(owner).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("Ubuntu-VM-000001.vmdk")));
        assertNoStagingLeft();
    }

    @Test
    void registeringAVmwareFolderOfTheDatastoreImportsItsVmAndLeavesTheFolderAsItWas() throws Exception {
        Path root = datastores.findAll().getFirst().directory();
        Path folder = root.resolve("vmware-" + team.getId());
        Path expected = vmwareFolder(folder, dir);
        byte[] iso = iso(folder.resolve(ISO));

        String answer = mvc.perform(post("/api/v1/vms/register").with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(registering(folder)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("Ubuntu-VM"))
                .andExpect(jsonPath("$.powerState").value("PROVISIONING"))
                .andExpect(jsonPath("$.uuid").value("564d8a2e-1c3f-9b7d-4e6a-1f2b3c4d" + tag("")))
                .andReturn().getResponse().getContentAsString();
        Long id = JsonPath.<Number>read(answer, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> fixtures.asAdmin(() ->
                vms.findById(id).orElseThrow().getPowerState()) == PowerState.STOPPED);

        Vm vm = fixtures.asAdmin(() -> vms.findById(id).orElseThrow());
        QemuImg.assertSameContent(expected, fixtures.folderOf(vm).resolve("disk0.qcow2"));
        assertThat(folder.resolve("Ubuntu-VM.vmx")).exists();
        assertThat(folder.resolve("Ubuntu-VM-000001.vmdk")).exists();
        assertThat(folder.resolve(ISO)).hasBinaryContent(iso);
        assertThat(images().resolve(disc(vm).orElseThrow() + ".iso")).hasBinaryContent(iso);

        Files.writeString(folder.resolve("Ubuntu-VM.vmx"), Files.readString(folder.resolve("Ubuntu-VM.vmx"))
                .replace("Ubuntu-VM-000001.vmdk", "../../etc/disk.vmdk"));
        mvc.perform(post("/api/v1/vms/register").with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(registering(folder)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("outside the VM's folder")));
    }

    /** An ISO image of four blocks, written to {@code file}; answers its bytes. */
    private static byte[] iso(Path file) throws IOException {
        byte[] bytes = new byte[4 * 2048];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        Files.write(file, bytes);
        return bytes;
    }

    /** The name of the team's ISO image in the VM's CD-ROM drive (none when the drive is empty). */
    private Optional<String> disc(Vm vm) {
        return jdbc.queryForList("select i.name from vms v join images i on i.id = v.cdrom_image_id where v.id = ?"
                + " and i.kind = 'ISO' and i.team_id = ?", String.class, vm.getId(), team.getId()).stream().findFirst();
    }

    private Path images() {
        return datastores.findAll().getFirst().directory().resolve("images");
    }

    private List<String> isoFiles() throws IOException {
        if (!Files.isDirectory(images())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(images())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".iso")).sorted().toList();
        }
    }

    private String registering(Path folder) {
        return "{\"datastoreId\":" + datastores.findAll().getFirst().getId() + ",\"folder\":\"" + folder.getFileName()
                + "\",\"teamId\":" + team.getId() + "}";
    }

    private String tag(String separator) {
        return String.format("%02x%s%02x", (team.getId() >> 8) & 0xff, separator, team.getId() & 0xff);
    }

    private String mac() {
        return "00:0c:29:4d:" + tag(":");
    }
}
