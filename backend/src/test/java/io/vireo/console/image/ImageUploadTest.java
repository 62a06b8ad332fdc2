package io.vireo.console.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTests;
import io.vireo.console.Fixtures;
import io.vireo.console.QemuImg;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.image.internal.ImageRepository;
import io.vireo.console.quota.Resources;
import io.vireo.console.task.Task;

/**
 * Disk images and kernels uploaded from a browser or a script become images of the library, converted into qcow2
 * with the content they had; files that are no disk, lie about their size or may not be kept are refused with the
 * reason and leave nothing in the datastore.
 */
class ImageUploadTest extends ConsoleTests {

    @Autowired
    DatastoreRepository datastores;
    @Autowired
    ImageRepository images;

    @TempDir
    Path dir;

    @BeforeEach
    void ownerOfATeamWithTheDatastore() {
        newTeamWithOwner(true);
    }

    @Test
    void aQcow2BecomesTheTeamsImageWithTheSameContent() throws Exception {
        Path reference = reference("ref", 0x5a);

        Image image = uploaded(upload(Files.readAllBytes(reference), "debian-12.qcow2"));

        assertThat(image.getName()).isEqualTo("debian-12");
        assertThat(image.teamId()).isEqualTo(team.getId());
        assertThat(image.getPath()).isEqualTo("images/debian-12.qcow2");
        QemuImg.check(root().resolve(image.getPath()));
        QemuImg.assertSameContent(reference, root().resolve(image.getPath()));
        assertNothingStaged();
    }

    @Test
    void aGzipCompressedRawDiskAndAStreamOptimizedVmdkConvertToTheirContent() throws Exception {
        Path reference = reference("ref", 0x3c);
        Path raw = QemuImg.readOut(reference, dir.resolve("disk.raw"));
        Path gz = dir.resolve("disk.raw.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(raw, out);
        }
        Path vmdk = dir.resolve("disk.vmdk");
        QemuImg.output("qemu-img", "convert", "-O", "vmdk", "-o", "subformat=streamOptimized", reference.toString(),
                vmdk.toString());

        Image fromGzip = uploaded(upload(Files.readAllBytes(gz), "disk.raw.gz").param("name", "from-gzip"));
        Image fromVmdk = uploaded(upload(Files.readAllBytes(vmdk), "disk.vmdk").param("name", "from-vmdk"));

        assertThat(fromGzip.getFormat()).isEqualTo("qcow2");
        QemuImg.assertSameContent(reference, root().resolve(fromGzip.getPath()));
        QemuImg.assertSameContent(reference, root().resolve(fromVmdk.getPath()));
        assertNothingStaged();
    }

    @Test
    void anIsoImageIsKeptAsItCameForTheTeamsCdRomDrives() throws Exception {
        byte[] iso = new byte[3 * 2048];
        Arrays.fill(iso, (byte) 0x42);

        Image image = uploaded(upload(iso, "installer.iso").param("kind", "ISO"));

        assertThat(image.getName()).isEqualTo("installer");
        assertThat(image.getKind()).isEqualTo(ImageKind.ISO);
        assertThat(image.getFormat()).isEqualTo("raw");
        assertThat(image.teamId()).isEqualTo(team.getId());
        assertThat(image.getPath()).isEqualTo("images/installer.iso");
        assertThat(Files.readAllBytes(root().resolve(image.getPath()))).isEqualTo(iso);
        assertNothingStaged();
    }

    @Test
    void aVmdkTextDescriptorIsNoDisk() throws Exception {
        String descriptor = """
                # Disk DescriptorFile
                version=1
                CID=fffffffe
                parentCID=ffffffff
                createType="monolithicFlat"
                RW 2048 FLAT "disk-flat.vmdk" 0
                """;
        refused(upload(descriptor.getBytes(StandardCharsets.US_ASCII), "disk.vmdk"), "VMDK text descriptor");
        refused(upload("just some notes\n".getBytes(StandardCharsets.US_ASCII), "notes.img"),
                "not whole 512-byte sectors");
    }

    @Test
    void filesThatLieOrMayNotBeKeptAreRefusedAndLeaveNothing() throws Exception {
        byte[] disk = Files.readAllBytes(reference("ref", 0x11));
        refused(upload(disk, "../../etc/evil.qcow2"), "not a plain file name");
        refused(upload(disk, "C:\\images\\evil.qcow2"), "not a plain file name");

        Path huge = dir.resolve("huge.qcow2");
        QemuImg.output("qemu-img", "create", "-q", "-f", "qcow2", huge.toString(), "100T");
        refused(upload(Files.readAllBytes(huge), "huge.qcow2"), "more than the 64 TiB");

        Path overlay = dir.resolve("overlay.qcow2");
        QemuImg.create(overlay, "/etc/passwd");
        refused(upload(Files.readAllBytes(overlay), "overlay.qcow2"), "overlay.qcow2");

        byte[] truncatedGzip = gzip(new byte[1 << 20]);
        refused(upload(Arrays.copyOf(truncatedGzip, truncatedGzip.length / 2), "disk.raw.gz"),
                "not a whole gzip file");

        refused(upload(new byte[3000], "cd.iso").param("kind", "ISO"), "not whole 2048-byte blocks");

        fixtures.quota(team, new Resources(16, 32768, 0, 10));
        mvc.perform(upload(disk, "over-quota.qcow2").with(owner).with(csrf()))
                .andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.detail").value(containsString("quota")));
        assertNothingStaged();
        assertThat(images.findByName("over-quota")).isEmpty();
    }

    @Test
    void anAdministratorUploadsASharedKernelWithItsInitramfs() throws Exception {
        ByteBuffer header = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(8, 0x200000L).putLong(48, 0x5643534952L);
        MockMultipartHttpServletRequestBuilder request = (MockMultipartHttpServletRequestBuilder) multipart(
                "/api/v1/images/upload")
                .file(new MockMultipartFile("file", "Image", "application/octet-stream", header.array()))
                .file(new MockMultipartFile("initrd", "initramfs.gz", "application/gzip", gzip(new byte[512])))
                .param("kind", "KERNEL").param("name", Fixtures.unique("kernel")).param("commandLine", "console=ttyS0");

        String answer = mvc.perform(request.with(fixtures.signedInAdmin()).with(csrf()))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        Task task = fixtures.awaitSucceeded(JsonPath.<Number>read(answer, "$.id").longValue());
        Image kernel = images.findById(task.getTargetId()).orElseThrow();

        assertThat(kernel.isKernel()).isTrue();
        assertThat(kernel.isShared()).isTrue();
        assertThat(kernel.getCommandLine()).isEqualTo("console=ttyS0");
        assertThat(root().resolve(kernel.getInitrdPath())).hasBinaryContent(gzip(new byte[512]));

        mvc.perform(multipart("/api/v1/images/upload")
                        .file(new MockMultipartFile("file", "notes.txt", "text/plain", new byte[4096]))
                        .param("kind", "KERNEL").with(fixtures.signedInAdmin()).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("not a RISC-V kernel Image")));
        refused(upload(header.array(), "Image").param("kind", "KERNEL"), "Kernel images are shared");
        assertNothingStaged();
    }

    @Test
    void theImagesPageUploadsWithProgressAndWithoutItsScriptOpensTheTask() throws Exception {
        String page = mvc.perform(get("/images").with(owner)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("data-upload=\"/api/v1/images/upload\"", "class=\"upload-progress\"",
                "/js/upload.js");
        // An import may make a template or several VMs: its form opens the task's page, which names what it made.
        assertThat(mvc.perform(get("/vms").with(owner)).andReturn().getResponse().getContentAsString())
                .contains("data-upload=\"/api/v1/imports\"").doesNotContain("data-upload-done");

        byte[] disk = Files.readAllBytes(reference("ref", 0x21));
        String location = mvc.perform(multipart("/images/upload")
                        .file(new MockMultipartFile("file", "from-page.qcow2", "application/octet-stream", disk))
                        .param("teamId", team.getId().toString()).with(owner).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/tasks/");
        Task task = fixtures.awaitSucceeded(Long.valueOf(location.substring("/tasks/".length())));
        assertThat(images.findById(task.getTargetId()).orElseThrow().getName()).isEqualTo("from-page");
    }

    private Path reference(String name, int pattern) {
        Path qcow2 = dir.resolve(name + ".qcow2");
        QemuImg.output("qemu-img", "create", "-q", "-f", "qcow2", qcow2.toString(), "16M");
        QemuImg.write(qcow2, pattern, 3L << 20, 1 << 20);
        return qcow2;
    }

    private MockMultipartHttpServletRequestBuilder upload(byte[] bytes, String fileName) {
        return (MockMultipartHttpServletRequestBuilder) multipart("/api/v1/images/upload")
                .file(new MockMultipartFile("file", fileName, "application/octet-stream", bytes))
                .param("teamId", team.getId().toString());
    }

    /** Sends an upload the console takes, waits for its task and answers the image the task names. */
    private Image uploaded(MockMultipartHttpServletRequestBuilder request) throws Exception {
        String answer = mvc.perform(request.with(owner).with(csrf()))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.kind").value("image.upload"))
                .andReturn().getResponse().getContentAsString();
        Task task = fixtures.awaitSucceeded(JsonPath.<Number>read(answer, "$.id").longValue());
        assertThat(task.getTargetType()).isEqualTo("Image");
        return images.findById(task.getTargetId()).orElseThrow();
    }

    private void refused(MockMultipartHttpServletRequestBuilder request, String reason) throws Exception {
        mvc.perform(request.with(owner).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString(reason)));
        assertNothingStaged();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private Path root() {
        Datastore first = datastores.findAll().getFirst();
        return first.directory();
    }

    /** No staging folder in the datastore, and no image file of the refused uploads' names. */
    private void assertNothingStaged() throws IOException {
        try (Stream<Path> left = Files.list(root())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".upload-"));
        }
        for (String refused : new String[] {"evil", "huge", "overlay", "disk", "cd", "over-quota", "notes"}) {
            assertThat(root().resolve(ImageService.FOLDER).resolve(refused + ".qcow2")).doesNotExist();
        }
    }
}
