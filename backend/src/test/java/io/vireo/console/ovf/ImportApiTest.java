package io.vireo.console.ovf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.QemuImg;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskState;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.GuestArchitecture;
import io.vireo.console.vm.PowerState;
import io.vireo.console.vm.Vm;

/**
 * OVAs and OVF folders as ovftool and VirtualBox write them import as VMs with their hardware and the same disk
 * content; hostile or damaged packages are refused with the reason and leave nothing in the datastore.
 */
class ImportApiTest extends PackageImportTests {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TaskService tasks;

    @Test
    void anOvftoolOvaImportsWithItsHardwareAndDiskContentAndIsMarkedX86() throws Exception {
        Path ref1 = OvfTestPackages.reference(dir, "ref1", 64, 0x5a, 3);
        Path ref2 = OvfTestPackages.reference(dir, "ref2", 32, 0x3c, 0);
        byte[] ova = ovftoolOva(ref1, ref2, false);

        String answer = mvc.perform(importing(ova, "web.ova").param("mapping", "{\"networks\":{\"backend\":\"default\"}}")
                .with(owner).with(csrf()))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.kind").value("vm.import"))
                .andExpect(jsonPath("$.targetType").value("VM"))
                .andReturn().getResponse().getContentAsString();
        Task task = fixtures.awaitSucceeded(JsonPath.<Number>read(answer, "$.id").longValue());

        Vm vm = fixtures.asAdmin(() -> vms.findById(task.getTargetId()).orElseThrow());
        assertThat(vm.getName()).isEqualTo("web-appliance");
        assertThat(vm.getPowerState()).isEqualTo(PowerState.STOPPED);
        assertThat(vm.getVcpus()).isEqualTo(4);
        assertThat(vm.topology().coresPerSocket()).isEqualTo(2);
        assertThat(vm.getMemoryMib()).isEqualTo(2048);
        assertThat(vm.getArchitecture()).isEqualTo(GuestArchitecture.X86_64);
        assertThat(jdbc.queryForList("select n.name from vm_nics c join networks n on n.id = c.network_id"
                + " where c.vm_id = ? order by c.position", String.class, vm.getId()))
                .containsExactly("default", "default");
        Path folder = fixtures.folderOf(vm);
        QemuImg.check(folder.resolve("disk0.qcow2"));
        QemuImg.assertSameContent(ref1, folder.resolve("disk0.qcow2"));
        QemuImg.assertSameContent(ref2, folder.resolve("disk1.qcow2"));
        assertThat(Files.readString(folder.resolve("vm.conf"))).contains("architecture = x86_64");
        assertThat(jdbc.queryForList("select message from vm_events where vm_id = ?", String.class, vm.getId()))
                .anyMatch(m -> m.contains("CD-ROM 1")).anyMatch(m -> m.contains("EFI firmware"))
                .anyMatch(m -> m.contains("x86_64 guest")).anyMatch(m -> m.contains("VM Network"));
        assertNoStagingLeft();

        assertX86RefusedHere(vm);
    }

    @Test
    void aCdDriveWhoseHostResourceIsAFileOfThePackageHoldsThatIsoImage() throws Exception {
        Path ref1 = OvfTestPackages.reference(dir, "ref1", 8, 0x11, 0);
        Path ref2 = OvfTestPackages.reference(dir, "ref2", 8, 0x22, 0);
        Path d1 = OvfTestPackages.streamOptimized(ref1, dir, "web-appliance-disk1.vmdk");
        Path d2 = OvfTestPackages.streamOptimized(ref2, dir, "web-appliance-disk2.vmdk");
        byte[] iso = new byte[2 * 2048];
        Arrays.fill(iso, (byte) 0x43);
        Files.write(dir.resolve("web-tools.iso"), iso);
        String file2 = "<File ovf:href=\"web-appliance-disk2.vmdk\" ovf:id=\"file2\" ovf:size=\"" + Files.size(d2)
                + "\"/>";
        OvfTestPackages.write(dir.resolve("web-appliance.ovf"), OvfDescriptorTest.fixture("ovftool.ovf", Map.of(
                "disk1.size", String.valueOf(Files.size(d1)), "disk2.size", String.valueOf(Files.size(d2)),
                "disk1.mib", "8", "disk2.mib", "8"))
                .replace(file2, file2 + "\n    <File ovf:href=\"web-tools.iso\" ovf:id=\"file3\" ovf:size=\"4096\"/>")
                .replace("<rasd:ElementName>CD-ROM 1</rasd:ElementName>", "<rasd:ElementName>CD-ROM 1</rasd:ElementName>"
                        + "\n        <rasd:HostResource>ovf:/file/file3</rasd:HostResource>"));
        List<String> files = List.of("web-appliance.ovf", "web-appliance.mf", "web-appliance-disk1.vmdk",
                "web-appliance-disk2.vmdk", "web-tools.iso");
        OvfTestPackages.write(dir.resolve("web-appliance.mf"), OvfTestPackages.sha256Manifest(dir,
                "web-appliance.ovf", "web-appliance-disk1.vmdk", "web-appliance-disk2.vmdk", "web-tools.iso"));

        Vm vm = importedVm(parts(dir, files));

        assertThat(jdbc.queryForList("select i.name || ' ' || i.kind from vms v join images i"
                + " on i.id = v.cdrom_image_id where v.id = ?", String.class, vm.getId()))
                .containsExactly("web-tools ISO");
        assertThat(datastores.findAll().getFirst().directory().resolve("images/web-tools.iso")).hasBinaryContent(iso);
        assertThat(jdbc.queryForList("select message from vm_events where vm_id = ?", String.class, vm.getId()))
                .noneMatch(m -> m.contains("CD-ROM 1"));
        assertNoStagingLeft();
    }

    @Test
    void anOvf2PackageWithALicenseImportsOnlyOnceItsEulaIsAccepted() throws Exception {
        Path ref = OvfTestPackages.reference(dir, "ref", 1024, 0x2f, 7);
        Path disk = OvfTestPackages.streamOptimized(ref, dir, "router-disk001.vmdk");
        String licensed = OvfDescriptorTest.fixture("ovf2.ovf", Map.of("disk1.size", String.valueOf(Files.size(disk)),
                "disk1.gib", "1")).replace("  </VirtualSystem>", "    <EulaSection>\n      <Info>License</Info>\n"
                + "      <License>Routers may not be used to route spam.</License>\n    </EulaSection>\n"
                + "  </VirtualSystem>");
        OvfTestPackages.write(dir.resolve("router.ovf"), licensed);
        OvfTestPackages.write(dir.resolve("router.mf"), OvfTestPackages.sha256Manifest(dir, "router.ovf",
                "router-disk001.vmdk"));
        byte[] ova = OvfTestPackages.ova(dir, "router.ovf", "router.mf", "router-disk001.vmdk");

        refused(ova, "license agreement that must be accepted to import it (acceptEula=true): Routers may not be"
                + " used to route spam.");
        assertThat(vms.findByTeamId(team.getId())).isEmpty();

        Vm vm = importedVm(importing(ova, "router.ova").param("acceptEula", "true"));
        assertThat(vm.getName()).isEqualTo("router");
        assertThat(vm.getMemoryMib()).isEqualTo(1024);
        assertThat(jdbc.queryForList("select size_gib from vm_disks where vm_id = ?", Long.class, vm.getId()))
                .containsExactly(1L);
        QemuImg.assertSameContent(ref, fixtures.folderOf(vm).resolve("disk0.qcow2"));
        assertNoStagingLeft();
    }

    @Test
    void aVirtualBoxOvfFolderSentAsPartsWithACrlfSha1ManifestImports() throws Exception {
        Path ref = OvfTestPackages.reference(dir, "ref", 16, 0x77, 5);
        OvfTestPackages.streamOptimized(ref, dir, "Ubuntu-disk001.vmdk");
        OvfTestPackages.write(dir.resolve("Ubuntu.ovf"), OvfDescriptorTest.fixture("virtualbox.ovf",
                Map.of("disk1.bytes", String.valueOf(16L << 20))));
        OvfTestPackages.write(dir.resolve("Ubuntu.mf"), OvfTestPackages.sha1CrlfManifest(dir, "Ubuntu.ovf",
                "Ubuntu-disk001.vmdk"));

        Vm vm = importedVm(parts(dir, List.of("Ubuntu.ovf", "Ubuntu.mf", "Ubuntu-disk001.vmdk")));
        assertThat(vm.getVcpus()).isEqualTo(2);
        assertThat(vm.getMemoryMib()).isEqualTo(1024);
        QemuImg.assertSameContent(ref, fixtures.folderOf(vm).resolve("disk0.qcow2"));
        assertThat(jdbc.queryForList("select message from vm_events where vm_id = ?", String.class, vm.getId()))
                .anyMatch(m -> m.contains("usb")).anyMatch(m -> m.contains("sound"));
        assertNoStagingLeft();
    }

    @Test
    void aSplitExtentVmdkFromQemuImportsWithIdenticalContent() throws Exception {
        Path ref = OvfTestPackages.reference(dir, "ref", 24, 0x6b, 17);
        QemuImg.output("qemu-img", "convert", "-O", "vmdk", "-o", "subformat=twoGbMaxExtentSparse", ref.toString(),
                dir.resolve("Ubuntu-disk001.vmdk").toString());
        List<String> files = List.of("Ubuntu.ovf", "Ubuntu.mf", "Ubuntu-disk001.vmdk", "Ubuntu-disk001-s001.vmdk");
        OvfTestPackages.write(dir.resolve("Ubuntu.ovf"), OvfDescriptorTest.fixture("virtualbox.ovf",
                Map.of("disk1.bytes", String.valueOf(24L << 20))));
        OvfTestPackages.write(dir.resolve("Ubuntu.mf"), OvfTestPackages.sha256Manifest(dir, "Ubuntu.ovf",
                "Ubuntu-disk001.vmdk", "Ubuntu-disk001-s001.vmdk"));

        Vm vm = importedVm(parts(dir, files));
        QemuImg.assertSameContent(ref, fixtures.folderOf(vm).resolve("disk0.qcow2"));
        assertNoStagingLeft();
    }

    @Test
    void aDiskStoredInChunksIsJoinedAndAMissingChunkIsRefusedByName() throws Exception {
        Path ref = OvfTestPackages.reference(dir, "ref", 16, 0x64, 9);
        byte[] vmdk = Files.readAllBytes(OvfTestPackages.streamOptimized(ref, dir, "whole.vmdk"));
        int chunkSize = vmdk.length / 3 + 1;
        List<String> chunks = new ArrayList<>();
        for (int offset = 0; offset < vmdk.length; offset += chunkSize) {
            String chunk = "Ubuntu-disk001.vmdk." + String.format("%09d", chunks.size());
            Files.write(dir.resolve(chunk), Arrays.copyOfRange(vmdk, offset, Math.min(vmdk.length, offset + chunkSize)));
            chunks.add(chunk);
        }
        OvfTestPackages.write(dir.resolve("Ubuntu.ovf"), OvfDescriptorTest.fixture("virtualbox.ovf",
                Map.of("disk1.bytes", String.valueOf(16L << 20))).replace("ovf:href=\"Ubuntu-disk001.vmdk\"/>",
                "ovf:href=\"Ubuntu-disk001.vmdk\" ovf:size=\"" + vmdk.length + "\" ovf:chunkSize=\"" + chunkSize
                        + "\"/>"));
        List<String> files = new ArrayList<>(List.of("Ubuntu.ovf"));
        files.addAll(chunks);
        OvfTestPackages.write(dir.resolve("Ubuntu.mf"), OvfTestPackages.sha256Manifest(dir,
                files.toArray(String[]::new)));
        files.add("Ubuntu.mf");

        Vm vm = importedVm(parts(dir, files));
        assertThat(chunks).hasSize(3);
        QemuImg.assertSameContent(ref, fixtures.folderOf(vm).resolve("disk0.qcow2"));
        assertNoStagingLeft();

        files.remove(chunks.get(1));
        mvc.perform(parts(dir, files).with(owner).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("stop before "
                        + chunks.get(1) + ", but the package holds later ones")));
        assertNoStagingLeft();
    }

    @Test
    void aVirtualSystemCollectionImportsEachVmInOneTaskWhoseTargetIsTheFirst() throws Exception {
        Path web = OvfTestPackages.reference(dir, "web", 16, 0x31, 1);
        Path db = OvfTestPackages.reference(dir, "db", 8, 0x32, 2);
        Path webDisk = OvfTestPackages.streamOptimized(web, dir, "shop-web-disk1.vmdk");
        Path dbDisk = OvfTestPackages.streamOptimized(db, dir, "shop-db-disk1.vmdk");
        OvfTestPackages.write(dir.resolve("shop.ovf"), OvfDescriptorTest.fixture("vapp.ovf", Map.of(
                "disk1.size", String.valueOf(Files.size(webDisk)), "disk2.size", String.valueOf(Files.size(dbDisk)),
                "disk1.mib", "16", "disk2.mib", "8")));
        OvfTestPackages.write(dir.resolve("shop.mf"), OvfTestPackages.sha256Manifest(dir, "shop.ovf",
                "shop-web-disk1.vmdk", "shop-db-disk1.vmdk"));

        String answer = mvc.perform(importing(OvfTestPackages.ova(dir, "shop.ovf", "shop.mf", "shop-web-disk1.vmdk",
                        "shop-db-disk1.vmdk"), "shop.ova").with(owner).with(csrf()))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        Task task = fixtures.awaitSucceeded(JsonPath.<Number>read(answer, "$.id").longValue());

        Vm first = fixtures.asAdmin(() -> vms.findById(task.getTargetId()).orElseThrow());
        assertThat(task.getTargetType()).isEqualTo("VM");
        assertThat(first.getName()).isEqualTo("shop-web");
        assertThat(task.getDescription()).contains("Import 2 VMs: shop-web (the task's), shop-db");
        Vm second = fixtures.asAdmin(() -> vms.findByTeamId(team.getId()).stream()
                .filter(vm -> vm.getName().equals("shop-db")).findFirst().orElseThrow());
        assertThat(second.getVcpus()).isEqualTo(1);
        assertThat(second.getMemoryMib()).isEqualTo(2048);
        assertThat(second.getPowerState()).isEqualTo(PowerState.STOPPED);
        QemuImg.assertSameContent(web, fixtures.folderOf(first).resolve("disk0.qcow2"));
        QemuImg.assertSameContent(db, fixtures.folderOf(second).resolve("disk0.qcow2"));
        assertNoStagingLeft();
    }

    @Test
    void aCollectionWhoseSecondDiskFailsKeepsNoneOfItsVms() throws Exception {
        Path webDisk = OvfTestPackages.streamOptimized(OvfTestPackages.reference(dir, "web", 8, 0x41, 0), dir,
                "shop-web-disk1.vmdk");
        Path dbDisk = OvfTestPackages.streamOptimized(OvfTestPackages.reference(dir, "db", 8, 0x42, 0), dir,
                "shop-db-disk1.vmdk");
        OvfTestPackages.breakFirstGrain(dbDisk);
        OvfTestPackages.write(dir.resolve("shop.ovf"), OvfDescriptorTest.fixture("vapp.ovf", Map.of(
                "disk1.size", String.valueOf(Files.size(webDisk)), "disk2.size", String.valueOf(Files.size(dbDisk)),
                "disk1.mib", "8", "disk2.mib", "8")));

        String answer = mvc.perform(importing(OvfTestPackages.ova(dir, "shop.ovf", "shop-web-disk1.vmdk",
                        "shop-db-disk1.vmdk"), "shop.ova").with(owner).with(csrf()))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        Long taskId = JsonPath.<Number>read(answer, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> fixtures.asAdmin(() -> tasks.get(taskId)).getState().isFinal());

        assertThat(fixtures.asAdmin(() -> tasks.get(taskId)).getState()).isEqualTo(TaskState.FAILED);
        assertThat(vms.findByTeamId(team.getId())).isEmpty();
        assertNoStagingLeft();
    }

    @Test
    void aGzipCompressedDiskImportsAndOneThatUnpacksBeyondItsCapacityIsRefused() throws Exception {
        Path ref = OvfTestPackages.reference(dir, "ref", 16, 0x2d, 9);
        Path vmdk = OvfTestPackages.streamOptimized(ref, dir, "plain.vmdk");
        OvfTestPackages.gzip(vmdk, dir.resolve("Ubuntu-disk001.vmdk"));
        String descriptor = OvfDescriptorTest.fixture("virtualbox.ovf", Map.of("disk1.bytes", String.valueOf(16L << 20)))
                .replace("ovf:href=\"Ubuntu-disk001.vmdk\"", "ovf:href=\"Ubuntu-disk001.vmdk\" ovf:compression=\"gzip\"");
        OvfTestPackages.write(dir.resolve("Ubuntu.ovf"), descriptor);
        OvfTestPackages.write(dir.resolve("Ubuntu.mf"), OvfTestPackages.sha256Manifest(dir, "Ubuntu.ovf",
                "Ubuntu-disk001.vmdk"));
        byte[] ova = OvfTestPackages.ova(dir, "Ubuntu.ovf", "Ubuntu.mf", "Ubuntu-disk001.vmdk");

        Vm vm = importedVm(importing(ova, "u.ova"));
        QemuImg.assertSameContent(ref, fixtures.folderOf(vm).resolve("disk0.qcow2"));

        Files.write(dir.resolve("zeros.raw"), new byte[80 << 20]);
        OvfTestPackages.gzip(dir.resolve("zeros.raw"), dir.resolve("Ubuntu-disk001.vmdk"));
        OvfTestPackages.write(dir.resolve("Ubuntu.ovf"), descriptor.replace(String.valueOf(16L << 20), "1048576"));
        OvfTestPackages.write(dir.resolve("Ubuntu.mf"), OvfTestPackages.sha256Manifest(dir, "Ubuntu.ovf",
                "Ubuntu-disk001.vmdk"));
        refused(OvfTestPackages.ova(dir, "Ubuntu.ovf", "Ubuntu.mf", "Ubuntu-disk001.vmdk"), "unpacks to more than");
    }

    @Test
    void aDiskThatFailsMidConversionFailsTheTaskAndLeavesNoVmAndNoFiles() throws Exception {
        Path ref = OvfTestPackages.reference(dir, "ref", 8, 0x19, 0);
        Path vmdk = OvfTestPackages.streamOptimized(ref, dir, "Ubuntu-disk001.vmdk");
        OvfTestPackages.breakFirstGrain(vmdk);
        Files.write(dir.resolve("broken-cd.iso"), new byte[2048]);
        OvfTestPackages.write(dir.resolve("Ubuntu.ovf"), OvfDescriptorTest.fixture("virtualbox.ovf",
                Map.of("disk1.bytes", String.valueOf(8L << 20))).replace("\"Ubuntu\"", "\"Broken\"")
                .replace("<File ovf:id=\"file1\" ovf:href=\"Ubuntu-disk001.vmdk\"/>", "<File ovf:id=\"file1\""
                        + " ovf:href=\"Ubuntu-disk001.vmdk\"/>\n    <File ovf:id=\"file2\" ovf:href=\"broken-cd.iso\"/>")
                .replace("<rasd:Caption>cdrom1</rasd:Caption>", "<rasd:Caption>cdrom1</rasd:Caption>\n"
                        + "        <rasd:HostResource>/file/file2</rasd:HostResource>"));
        OvfTestPackages.write(dir.resolve("Ubuntu.mf"), OvfTestPackages.sha256Manifest(dir, "Ubuntu.ovf",
                "Ubuntu-disk001.vmdk", "broken-cd.iso"));

        String answer = mvc.perform(importing(OvfTestPackages.ova(dir, "Ubuntu.ovf", "Ubuntu.mf",
                        "Ubuntu-disk001.vmdk", "broken-cd.iso"), "b.ova").with(owner).with(csrf()))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        Long taskId = JsonPath.<Number>read(answer, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> fixtures.asAdmin(() -> tasks.get(taskId)).getState().isFinal());
        Task task = fixtures.asAdmin(() -> tasks.get(taskId));
        assertThat(task.getState()).isEqualTo(TaskState.FAILED);
        assertThat(task.getFailureReason()).contains("invalid size");
        assertThat(vms.findById(task.getTargetId())).isEmpty();
        Path root = datastores.findAll().getFirst().directory();
        assertThat(root.resolve("vm-" + task.getTargetId())).doesNotExist();
        assertThat(jdbc.queryForList("select name from images where name like 'broken-cd%'", String.class)).isEmpty();
        assertThat(root.resolve("images/broken-cd.iso")).doesNotExist();
        assertNoStagingLeft();
    }

    @Test
    void hostileAndDamagedPackagesAreRefusedWithTheReasonAndLeaveNothing() throws Exception {
        Path ref1 = OvfTestPackages.reference(dir, "ref1", 8, 0x11, 0);
        Path ref2 = OvfTestPackages.reference(dir, "ref2", 8, 0x22, 0);
        byte[] wrongDigest = ovftoolOva(ref1, ref2, true);
        refused(wrongDigest, "digest of web-appliance-disk2.vmdk does not match");

        byte[] good = ovftoolOva(ref1, ref2, false);
        refused(Arrays.copyOf(good, good.length - 3000), "truncated");

        refused(OvfTestPackages.tar(Map.of("../evil.ovf", "<Envelope/>".getBytes(StandardCharsets.UTF_8))), "..");
        refused(OvfTestPackages.tar(Map.of("/etc/evil.ovf", "<Envelope/>".getBytes(StandardCharsets.UTF_8))),
                "absolute");

        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Envelope>&x;</Envelope>";
        refused(OvfTestPackages.tar(Map.of("x.ovf", xxe.getBytes(StandardCharsets.UTF_8))), "DTD");

        String lying = OvfDescriptorTest.fixture("ovf2.ovf", Map.of("disk1.size", "999", "disk1.gib", "1"));
        Map<String, byte[]> sizes = new LinkedHashMap<>();
        sizes.put("r.ovf", lying.getBytes(StandardCharsets.UTF_8));
        sizes.put("router-disk001.vmdk", Files.readAllBytes(OvfTestPackages.streamOptimized(ref1, dir, "r.vmdk")));
        refused(OvfTestPackages.tar(sizes), "the descriptor says 999");

        refused("not a tar at all, just text".getBytes(StandardCharsets.UTF_8), "");

        for (byte[] claiming : List.of(OvfTestPackages.claimingTar("huge-disk1.vmdk", 1L << 50),
                OvfTestPackages.claimingPaxTar("huge-disk1.vmdk", 1L << 50))) {
            mvc.perform(importing(claiming, "huge.ova").with(owner).with(csrf()))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail").value(containsString("nothing was written")));
        }
        assertNoStagingLeft();
        assertThat(vms.findAll()).noneMatch(vm -> vm.getName().startsWith("web-appliance") && vm.teamId().equals(team.getId()));
    }

    @Test
    void aViewerMayNotImportAndAVmBootingFromItsDiskIsNoTemplate() throws Exception {
        byte[] tar = OvfTestPackages.tar(Map.of("a.ovf", "<Envelope/>".getBytes(StandardCharsets.UTF_8)));
        mvc.perform(importing(tar, "a.ova").with(fixtures.signedIn(team, TeamRole.VIEWER)).with(csrf()))
                .andExpect(status().isForbidden());
        byte[] ova = ovftoolOva(OvfTestPackages.reference(dir, "ref1", 8, 0x11, 0),
                OvfTestPackages.reference(dir, "ref2", 8, 0x22, 0), false);
        mvc.perform(importing(ova, "a.ova").param("as", "TEMPLATE").with(owner).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("boots from its disk")));
        assertNoStagingLeft();
        assertThat(vms.findByTeamId(team.getId())).isEmpty();
    }

    /** The ovftool fixture as an OVA with two disks; with {@code corrupt}, disk 2 changes after the manifest. */
    private byte[] ovftoolOva(Path ref1, Path ref2, boolean corrupt) throws IOException {
        Path d1 = OvfTestPackages.streamOptimized(ref1, dir, "web-appliance-disk1.vmdk");
        Path d2 = OvfTestPackages.streamOptimized(ref2, dir, "web-appliance-disk2.vmdk");
        OvfTestPackages.write(dir.resolve("web-appliance.ovf"), OvfDescriptorTest.fixture("ovftool.ovf", Map.of(
                "disk1.size", String.valueOf(Files.size(d1)), "disk2.size", String.valueOf(Files.size(d2)),
                "disk1.mib", String.valueOf(Long.parseLong(info(ref1)) >> 20),
                "disk2.mib", String.valueOf(Long.parseLong(info(ref2)) >> 20))));
        OvfTestPackages.write(dir.resolve("web-appliance.mf"), OvfTestPackages.sha256Manifest(dir,
                "web-appliance.ovf", "web-appliance-disk1.vmdk", "web-appliance-disk2.vmdk"));
        if (corrupt) {
            byte[] bytes = Files.readAllBytes(d2);
            bytes[bytes.length / 2] ^= 1;
            Files.write(d2, bytes);
        }
        byte[] ova = OvfTestPackages.ova(dir, "web-appliance.ovf", "web-appliance.mf", "web-appliance-disk1.vmdk",
                "web-appliance-disk2.vmdk");
        for (Path p : List.of(d1, d2)) {
            Files.delete(p);
        }
        return ova;
    }

    private static String info(Path qcow2) {
        String out = QemuImg.output("qemu-img", "info", "--output=json", qcow2.toString());
        return JsonPath.<Number>read(out, "$['virtual-size']").toString();
    }

    private MockMultipartHttpServletRequestBuilder importing(byte[] ova, String name) {
        return (MockMultipartHttpServletRequestBuilder) multipart("/api/v1/imports")
                .file(new MockMultipartFile("file", name, "application/x-tar", ova))
                .param("teamId", team.getId().toString());
    }

    private void refused(byte[] ova, String reason) throws Exception {
        ResultActions result = mvc.perform(importing(ova, "p.ova").with(owner).with(csrf()))
                .andExpect(status().isBadRequest());
        result.andExpect(jsonPath("$.errors[0].message").value(containsString(reason)));
        assertNoStagingLeft();
    }
}
