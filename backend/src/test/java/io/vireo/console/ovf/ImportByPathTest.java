package io.vireo.console.ovf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.vireo.console.Fixtures;
import io.vireo.console.QemuImg;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.Vm;

/**
 * Packages already lying in a datastore import by their path, as uploads of the same files do, and stay as they
 * were; a path that leaves the datastore (by {@code ..} or a link), reaches into what the inventory owns or into a
 * datastore the team was not granted is refused, naming nothing the caller did not send. An OVA whose disk is over
 * 8 GiB (a GNU tar base-256 size) imports with its content: it is built as a sparse file, so nothing writes 8 GiB.
 */
class ImportByPathTest extends PackageImportTests {
    private static final long GIB = 1L << 30;

    @Test
    void anOvaInTheDatastoreImportsByItsPathAndStaysByteForByteAsItWas() throws Exception {
        Path ref = routerPackage();
        Path ova = root().resolve(Fixtures.unique("incoming")).resolve("router.ova");
        Files.createDirectories(ova.getParent());
        Files.write(ova, OvfTestPackages.ova(dir, "router.ovf", "router.mf", "router-disk001.vmdk"));
        byte[] before = Files.readAllBytes(ova);

        Vm vm = importedVm(byPath(root().relativize(ova).toString()));

        assertThat(vm.getName()).isEqualTo("router");
        assertThat(vm.getMemoryMib()).isEqualTo(1024);
        QemuImg.assertSameContent(ref, fixtures.folderOf(vm).resolve("disk0.qcow2"));
        assertThat(ova).hasBinaryContent(before);
        assertNoStagingLeft();
    }

    @Test
    void anOvfFolderImportsByItsPathOrItsDescriptorsFromTheFormWithNoFileChosen() throws Exception {
        Path ref = routerPackage();
        Path folder = root().resolve(Fixtures.unique("router-ovf"));
        Files.createDirectories(folder);
        for (String name : List.of("router.ovf", "router.mf", "router-disk001.vmdk")) {
            Files.copy(dir.resolve(name), folder.resolve(name));
        }
        byte[] disk = Files.readAllBytes(folder.resolve("router-disk001.vmdk"));

        for (String path : List.of(folder.getFileName().toString(), folder.getFileName() + "/router.ovf")) {
            // What the VM list's form sends when a path is given: the file input's empty part beside the fields.
            Vm vm = importedVm(multipart("/api/v1/imports")
                    .file(new MockMultipartFile("file", "", "application/octet-stream", new byte[0]))
                    .param("teamId", team.getId().toString()).param("datastoreId", datastore().getId().toString())
                    .param("path", path));
            QemuImg.assertSameContent(ref, fixtures.folderOf(vm).resolve("disk0.qcow2"));
        }
        assertThat(vms.findByTeamId(team.getId())).hasSize(2);
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("router.ovf", "router.mf", "router-disk001.vmdk");
        }
        assertThat(folder.resolve("router-disk001.vmdk")).hasBinaryContent(disk);
        assertNoStagingLeft();
    }

    @Test
    void theVmListsFormWithoutItsScriptImportsByPathAndOpensTheTask() throws Exception {
        routerPackage();
        Path ova = root().resolve(Fixtures.unique("form") + ".ova");
        Files.write(ova, OvfTestPackages.ova(dir, "router.ovf", "router.mf", "router-disk001.vmdk"));

        String task = mvc.perform(multipart("/vms/import")
                        .file(new MockMultipartFile("file", "", "application/octet-stream", new byte[0]))
                        .param("teamId", team.getId().toString()).param("datastoreId", datastore().getId().toString())
                        .param("path", ova.getFileName().toString()).with(owner).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();

        assertThat(task).startsWith("/tasks/");
        fixtures.awaitSucceeded(Long.valueOf(task.substring("/tasks/".length())));
        assertThat(vms.findByTeamId(team.getId())).extracting(Vm::getName).containsExactly("router");
    }

    @Test
    void pathsOutOfTheDatastoreIntoTheInventoryOrAnUngrantedDatastoreAreRefusedAndNameNothing() throws Exception {
        routerPackage();
        byte[] packaged = OvfTestPackages.ova(dir, "router.ovf", "router.mf", "router-disk001.vmdk");
        Path outside = root().resolveSibling(Fixtures.unique("outside") + ".ova");
        Files.write(outside, packaged);
        Path links = root().resolve(Fixtures.unique("links"));
        Files.createDirectories(links);
        Files.createSymbolicLink(links.resolve("router.ova"), outside);
        Files.createSymbolicLink(links.resolve("folder"), dir);
        String kernel = fixtures.kernelImage().getPath();

        for (String path : List.of("../" + outside.getFileName(), outside.toString(),
                links.getFileName() + "/router.ova", links.getFileName() + "/folder",
                links.getFileName() + "/folder/router.ovf", kernel, "missing.ova", ".")) {
            String answer = mvc.perform(byPath(path).with(owner).with(csrf()))
                    .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
            assertThat(answer.replace(path, "")).doesNotContain(dir.toString())
                    .doesNotContain(outside.getParent().toString())
                    .doesNotContain("Team ").doesNotContain(root().toString());
        }

        Datastore ungranted = fixtures.anotherDatastore();
        Files.write(ungranted.directory().resolve("router.ova"), packaged);
        mvc.perform(byPath("router.ova", ungranted).with(owner).with(csrf()))
                .andExpect(status().isForbidden());
        Files.write(root().resolve("viewer.ova"), packaged);
        mvc.perform(byPath("viewer.ova").with(fixtures.signedIn(team, TeamRole.VIEWER)).with(csrf()))
                .andExpect(status().isForbidden());

        assertThat(vms.findByTeamId(team.getId())).isEmpty();
        assertThat(outside).hasBinaryContent(packaged);
        assertThat(root().resolve("viewer.ova")).hasBinaryContent(packaged);
        assertNoStagingLeft();
    }

    @Test
    void anOvaWhoseDiskIsOver8GibInAGnuSizeRecordImportsWithItsContent() throws Exception {
        long flatBytes = 8 * GIB + (1 << 20);
        long markerAt = 8 * GIB + (512 << 10);
        byte[] marker = new byte[4096];
        Arrays.fill(marker, (byte) 0xa5);
        Path flat = dir.resolve("router-disk001-flat.vmdk");
        QemuImg.output("qemu-img", "create", "-q", "-f", "vmdk", "-o", "subformat=monolithicFlat",
                dir.resolve("router-disk001.vmdk").toString(), String.valueOf(flatBytes));
        try (FileChannel out = FileChannel.open(flat, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(marker), markerAt);
        }
        byte[] vmdk = Files.readAllBytes(dir.resolve("router-disk001.vmdk"));
        String descriptor = OvfDescriptorTest.fixture("ovf2.ovf", Map.of("disk1.size", String.valueOf(vmdk.length),
                "disk1.gib", "9"));
        Map<String, byte[]> small = new LinkedHashMap<>();
        small.put("router.ovf", descriptor.getBytes(StandardCharsets.UTF_8));
        small.put("router-disk001.vmdk", vmdk);
        Path ova = root().resolve(Fixtures.unique("big") + ".ova");
        sparseOva(ova, small, "router-disk001-flat.vmdk", flatBytes, markerAt, marker);
        assertThat(QemuImg.output("tar", "-tvf", ova.toString())).contains(String.valueOf(flatBytes))
                .contains("router-disk001-flat.vmdk");

        Vm vm = importedVm(byPath(ova.getFileName().toString()));

        Path disk0 = fixtures.folderOf(vm).resolve("disk0.qcow2");
        QemuImg.check(disk0);
        QemuImg.assertSameContent(dir.resolve("router-disk001.vmdk"), disk0);
        assertThat(QemuImg.output("qemu-io", "-f", "qcow2", "-c", "read -P 0xa5 " + markerAt + " 4096",
                disk0.toString())).doesNotContain("Pattern verification failed");
        assertThat(Files.size(ova)).isGreaterThan(flatBytes);
        assertNoStagingLeft();
        Files.delete(ova);
    }

    /** The OVF 2.0 router with one 8 MiB streamOptimized disk and its manifest in {@code dir}; answers its qcow2. */
    private Path routerPackage() throws IOException {
        Path ref = OvfTestPackages.reference(dir, "ref", 8, 0x2f, 3);
        Path disk = OvfTestPackages.streamOptimized(ref, dir, "router-disk001.vmdk");
        OvfTestPackages.write(dir.resolve("router.ovf"), OvfDescriptorTest.fixture("ovf2.ovf", Map.of("disk1.size",
                String.valueOf(Files.size(disk)), "disk1.gib", "1")));
        OvfTestPackages.write(dir.resolve("router.mf"), OvfTestPackages.sha256Manifest(dir, "router.ovf",
                "router-disk001.vmdk"));
        return ref;
    }

    /**
     * A tar of the small files, then {@code large} whose header gives its size in GNU tar's base-256 form and whose
     * data is a hole but for {@code marker} at {@code markerAt}, then the two zero blocks that end the archive.
     */
    private static void sparseOva(Path ova, Map<String, byte[]> small, String large, long size, long markerAt,
            byte[] marker) throws IOException {
        try (FileChannel out = FileChannel.open(ova, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long at = 0;
            for (Map.Entry<String, byte[]> file : small.entrySet()) {
                at = header(out, at, file.getKey(), file.getValue().length);
                out.write(ByteBuffer.wrap(file.getValue()), at);
                at += padded(file.getValue().length);
            }
            at = header(out, at, large, size);
            out.write(ByteBuffer.wrap(marker), at + markerAt);
            out.write(ByteBuffer.wrap(new byte[1024]), at + padded(size));
        }
    }

    private static long header(FileChannel out, long at, String name, long size) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(size);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8.name()), true);
        out.write(ByteBuffer.wrap(header), at);
        return at + 512;
    }

    private static long padded(long size) {
        return (size + 511) / 512 * 512;
    }

    /** An import of the package at {@code path} of the first datastore, as a script sends it: form fields only. */
    private MockHttpServletRequestBuilder byPath(String path) {
        return byPath(path, datastore());
    }

    private MockHttpServletRequestBuilder byPath(String path, Datastore datastore) {
        return post("/api/v1/imports").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("teamId", team.getId().toString()).param("datastoreId", datastore.getId().toString())
                .param("path", path);
    }

    private Datastore datastore() {
        return datastores.findAll().getFirst();
    }

    private Path root() {
        return datastore().directory();
    }
}
