package io.vireo.console.ovf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.QemuImg;
import io.vireo.console.task.Task;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.BootSource;
import io.vireo.console.vm.GuestArchitecture;
import io.vireo.console.vm.PowerAction;
import io.vireo.console.vm.PowerState;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmPowerService;

/**
 * A Vireo VM exported as an OVA is a package other tools read (descriptor first, {@code ovf:size} on every file, a
 * manifest {@code sha256sum -c} accepts once rewritten, VMDKs QEMU reads as the same disk), and imported again it is
 * the same VM: hardware, disk content, network and the kernel it boots.
 */
class OvfRoundTripTest extends PackageImportTests {
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    VmPowerService power;

    @Test
    void anExportedVmIsAPackageOtherToolsReadAndImportsBackAsTheSameVm() throws Exception {
        Vm vm = fixtures.vmWithNic(team);
        Path disk = fixtures.folderOf(vm).resolve("disk0.qcow2");
        QemuImg.write(disk, 0x5a, 1 << 20, 3 << 20);
        Path reference = Files.copy(disk, dir.resolve("reference.qcow2"));

        byte[] ova = export("/api/v1/vms/{id}/export", vm.getId(), "ova");
        assertThat(vms.findById(vm.getId()).orElseThrow().getPowerState()).isEqualTo(PowerState.STOPPED);
        List<String> names = unpack(ova, dir.resolve("package"));
        String base = vm.getName();
        assertThat(names).containsExactly(base + ".ovf", base + ".mf", base + "-disk1.vmdk", base + "-kernel",
                base + "-initrd");

        Path pkg = dir.resolve("package");
        OvfPackage ovf;
        try (InputStream in = Files.newInputStream(pkg.resolve(base + ".ovf"))) {
            ovf = OvfDescriptor.read(in);
        }
        for (OvfPackage.FileRef file : ovf.files()) {
            assertThat(file.size()).as(file.href()).isEqualTo(Files.size(pkg.resolve(file.href())));
        }
        String descriptor = Files.readString(pkg.resolve(base + ".ovf"));
        assertThat(descriptor).contains("ovf:required=\"false\"");
        assertRasdAsOvftoolWritesIt(descriptor);
        assertThat(Files.readString(pkg.resolve(base + ".mf"))).matches("(?s)SHA256\\(" + base + "\\.ovf\\)= [0-9a-f]{64}\n.*");
        assertSha256sumAccepts(pkg, base + ".mf");
        QemuImg.assertSameContent(reference, pkg.resolve(base + "-disk1.vmdk"));
        Path converted = dir.resolve("converted.raw");
        QemuImg.output("qemu-img", "convert", "-O", "raw", pkg.resolve(base + "-disk1.vmdk").toString(),
                converted.toString());
        QemuImg.assertSameContent(reference, converted);

        String answer = mvc.perform(multipart("/api/v1/imports")
                        .file(new MockMultipartFile("file", base + ".ova", "application/x-tar", ova))
                        .param("teamId", team.getId().toString()).with(owner).with(csrf()))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        Task task = fixtures.awaitSucceeded(JsonPath.<Number>read(answer, "$.id").longValue());
        Vm back = vms.findById(task.getTargetId()).orElseThrow();
        assertThat(back.getName()).isEqualTo(base + "-2");
        assertThat(back.getVcpus()).isEqualTo(vm.getVcpus());
        assertThat(back.getMemoryMib()).isEqualTo(vm.getMemoryMib());
        assertThat(back.topology()).isEqualTo(vm.topology());
        assertThat(back.getArchitecture()).isEqualTo(GuestArchitecture.RISCV64);
        assertThat(back.getBootSource()).isEqualTo(BootSource.IMAGE);
        assertThat(jdbc.queryForObject("select boot_image_id from vms where id = ?", Long.class, back.getId()))
                .isEqualTo(fixtures.kernelImage().getId());
        assertThat(jdbc.queryForList("select n.name from vm_nics c join networks n on n.id = c.network_id"
                + " where c.vm_id = ?", String.class, back.getId())).containsExactly("default");
        QemuImg.assertSameContent(reference, fixtures.folderOf(back).resolve("disk0.qcow2"));
    }

    @Test
    void theOvfFormatIsTheFolderInATarAndATemplateExportsItsDisks() throws Exception {
        Vm vm = fixtures.vm(team);
        Path disk = fixtures.folderOf(vm).resolve("disk0.qcow2");
        QemuImg.write(disk, 0x33, 0, 1 << 20);
        Path reference = Files.copy(disk, dir.resolve("reference.qcow2"));

        List<String> names = unpack(export("/api/v1/vms/{id}/export", vm.getId(), "ovf"), dir.resolve("folder"));
        assertThat(names).allMatch(n -> n.startsWith(vm.getName() + "/")).first()
                .isEqualTo(vm.getName() + "/" + vm.getName() + ".ovf");

        String template = mvc.perform(post("/api/v1/vms/{id}/template", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + Fixtures.unique("t") + "\"}"))
                .andExpect(status().is2xxSuccessful()).andReturn().getResponse().getContentAsString();
        Long templateId = JsonPath.<Number>read(template, "$.id").longValue();
        String templateName = JsonPath.read(template, "$.name");
        List<String> files = unpack(export("/api/v1/templates/{id}/export", templateId, "ova"), dir.resolve("t"));
        assertThat(files.getFirst()).isEqualTo(templateName + ".ovf");
        QemuImg.assertSameContent(reference, dir.resolve("t").resolve(templateName + "-disk1.vmdk"));
        assertNoExportStagingLeft();
    }

    @Test
    void anExportedVmImportedAsATemplateIsATemplateWithItsDiskAndKernel() throws Exception {
        Vm vm = fixtures.vm(team);
        Path disk = fixtures.folderOf(vm).resolve("disk0.qcow2");
        QemuImg.write(disk, 0x6c, 2 << 20, 1 << 20);
        Path reference = Files.copy(disk, dir.resolve("reference.qcow2"));
        byte[] ova = export("/api/v1/vms/{id}/export", vm.getId(), "ova");

        String answer = mvc.perform(multipart("/api/v1/imports")
                        .file(new MockMultipartFile("file", "t.ova", "application/x-tar", ova))
                        .param("teamId", team.getId().toString()).param("as", "TEMPLATE").with(owner).with(csrf()))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.description").value(containsString("Import template")))
                .andReturn().getResponse().getContentAsString();
        Task task = fixtures.awaitSucceeded(JsonPath.<Number>read(answer, "$.id").longValue());

        assertThat(task.getTargetType()).isEqualTo("Template");
        assertThat(jdbc.queryForObject("select image_id from templates where id = ?", Long.class, task.getTargetId()))
                .isEqualTo(fixtures.kernelImage().getId());
        assertThat(jdbc.queryForObject("select name from templates where id = ?", String.class, task.getTargetId()))
                .isEqualTo(vm.getName() + "-2");
        assertThat(vms.findByTeamId(team.getId())).extracting(Vm::getName).containsExactly(vm.getName());
        Path root = datastores.findAll().getFirst().directory();
        QemuImg.assertSameContent(reference, root.resolve("template-" + task.getTargetId()).resolve("disk0.qcow2"));
    }

    @Test
    void aRunningVmIsNotExportedAndAViewerMayNotExport() throws Exception {
        Vm running = fixtures.runningVm(team);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> vms.findById(running.getId()).orElseThrow().getPowerState() == PowerState.RUNNING);
        mvc.perform(get("/api/v1/vms/{id}/export", running.getId()).with(owner))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("stop it")));
        Vm vm = fixtures.vm(team);
        mvc.perform(get("/api/v1/vms/{id}/export", vm.getId()).with(fixtures.signedIn(team, TeamRole.VIEWER)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/vms/{id}/export", vm.getId()).param("format", "zip").with(owner))
                .andExpect(status().isBadRequest());
        fixtures.asAdmin(() -> power.changePower(running.getId(), PowerAction.STOP, null));
    }

    private static List<String> unpack(byte[] tarBytes, Path into) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(tarBytes))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
                Path file = into.resolve(e.getName().substring(e.getName().indexOf('/') + 1));
                Files.createDirectories(file.getParent());
                Files.copy(tar, file);
            }
        }
        return names;
    }

    /**
     * ovftool's (and VirtualBox's) order: processor, memory, the disk controller, its disks, then the network cards,
     * each item's {@code rasd:} elements in alphabetical order.
     */
    private static void assertRasdAsOvftoolWritesIt(String descriptor) {
        Matcher items = Pattern.compile("(?s)<Item>(.*?)</Item>").matcher(descriptor);
        List<String> types = new ArrayList<>();
        while (items.find()) {
            List<String> elements = Pattern.compile("<rasd:(\\w+)>").matcher(items.group(1)).results()
                    .map(m -> m.group(1)).toList();
            assertThat(elements).as(items.group(1)).isSorted();
            types.add(elements.contains("ResourceType") ? items.group(1)
                    .replaceFirst("(?s).*<rasd:ResourceType>(\\d+)</rasd:ResourceType>.*", "$1") : "?");
        }
        assertThat(types).containsExactly("3", "4", "6", "17", "10");
    }

    /** {@code SHA256(name)= hex} rewritten as {@code hex  name}, the form {@code sha256sum -c} reads. */
    private static void assertSha256sumAccepts(Path folder, String manifest) throws Exception {
        StringBuilder rewritten = new StringBuilder();
        for (String line : Files.readAllLines(folder.resolve(manifest))) {
            String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
            rewritten.append(line.substring(line.lastIndexOf(' ') + 1)).append("  ").append(name).append('\n');
        }
        Files.writeString(folder.resolve("SHA256SUMS"), rewritten, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("sha256sum", "-c", "SHA256SUMS").directory(folder.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private void assertNoExportStagingLeft() throws IOException {
        Path root = datastores.findAll().getFirst().directory();
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".export-"));
        }
    }
}
