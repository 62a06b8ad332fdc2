package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTests;
import io.vireo.console.Fixtures;
import io.vireo.console.QemuImg;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.quota.Resources;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.GlobalRole;

/**
 * Clones and the conversion matrix on real disk files, with {@code qemu-img} as the oracle: VM → clone (full and
 * linked), VM ⇄ template, template → VM (deploy, many), VM → image → VM, and the refusals: deleting what linked
 * disks stand on, converting a VM with snapshots, a viewer, another team, a datastore too small.
 */
class ConversionMatrixTest extends ConsoleTests {

    @Autowired
    QuotaService quotas;
    @Autowired
    VmDiskLocks diskLocks;

    /** The source VM's disk: a full copy counts all of it against the quota, a linked one 1 GiB. */
    static final long DISK_GIB = 8;

    Team team;
    RequestPostProcessor owner;
    Vm source;
    Path folder;

    @BeforeEach
    void aStoppedVmWithDataOnItsDisk() throws Exception {
        team = fixtures.team();
        owner = fixtures.signedIn(team, TeamRole.OWNER);
        source = awaitStopped(mvc.perform(json(post("/api/v1/vms"), "{\"name\":\"" + Fixtures.unique("source")
                + "\",\"teamId\":" + team.getId() + ",\"vcpus\":1,\"memoryMib\":256,\"bootSource\":\"TEMPLATE\","
                + "\"templateId\":" + fixtures.template(team).id() + ",\"disks\":[{\"sizeGib\":" + DISK_GIB + "}]}")
                .with(owner).with(csrf())));
        folder = fixtures.folderOf(source);
        QemuImg.write(folder.resolve("disk0.qcow2"), 0x11, 0, 1 << 20);
    }

    @Test
    void fullAndLinkedClonesAreNewVmsAndTheSourceCannotGoWhileALinkedOneStandsOnIt() throws Exception {
        Long snapshot = snapshotOf(source);
        QemuImg.write(folder.resolve("disk0-1.qcow2"), 0x22, 0, 1 << 20);
        long used = quotas.usedBy(team.getId()).diskGib();

        Vm full = awaitStopped(clone(source, Fixtures.unique("Full_Copy"), "FULL", null)
                .andExpect(jsonPath("$.disks[0].base").doesNotExist()));
        Path fullDisk = fixtures.folderOf(full).resolve("disk0.qcow2");
        assertThat(QemuImg.identical(folder.resolve("disk0-1.qcow2"), fullDisk)).isTrue();
        assertThat(full.getUuid()).isNotEqualTo(source.getUuid());
        assertThat(Files.readString(fixtures.folderOf(full).resolve("vm.conf")))
                .contains("uuid = " + full.getUuid()).contains("hostname = " + full.hostname());
        assertThat(full.hostname()).isEqualTo(full.getName().toLowerCase().replace('_', '-'));

        Vm linked = awaitStopped(clone(source, Fixtures.unique("linked"), "LINKED", snapshot)
                .andExpect(jsonPath("$.disks[0].base").value("vm-" + source.getId() + "/disk0.qcow2")));
        Path linkedDisk = fixtures.folderOf(linked).resolve("disk0.qcow2");
        assertThat(QemuImg.output("qemu-img", "info", linkedDisk.toString()))
                .contains("backing file: ../vm-" + source.getId());
        assertThat(QemuImg.identical(folder.resolve("disk0.qcow2"), linkedDisk))
                .as("the linked clone reads the snapshot's state").isTrue();
        QemuImg.write(linkedDisk, 0x33, 0, 1 << 20);
        assertThat(QemuImg.identical(folder.resolve("disk0.qcow2"), linkedDisk)).isFalse();
        assertThat(QemuImg.identical(folder.resolve("disk0-1.qcow2"), fullDisk))
                .as("a write in the linked clone reaches neither the source nor the full clone").isTrue();
        QemuImg.check(linkedDisk);
        assertThat(quotas.usedBy(team.getId()).diskGib()).as("a full clone counts its disk, a linked one its delta")
                .isEqualTo(used + DISK_GIB + 1);

        mvc.perform(delete("/api/v1/vms/{id}", source.getId()).with(owner).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("VM " + linked.getName())))
                .andExpect(jsonPath("$.dependants[0]").value("VM " + linked.getName()));
        mvc.perform(delete("/api/v1/vms/{id}", linked.getId()).with(owner).with(csrf())).andExpect(status().isNoContent());
        mvc.perform(delete("/api/v1/vms/{id}", source.getId()).with(owner).with(csrf())).andExpect(status().isNoContent());
    }

    @Test
    void aLinkedCloneOfTheCurrentStateStandsOnASnapshotTakenForIt() throws Exception {
        String name = Fixtures.unique("now");
        Vm linked = awaitStopped(clone(source, name, "LINKED", null)
                .andExpect(jsonPath("$.disks[0].base").value("vm-" + source.getId() + "/disk0.qcow2")));
        mvc.perform(get("/api/v1/vms/{id}/snapshots", source.getId()).with(owner))
                .andExpect(jsonPath("$[0].name").value("Base of " + name));
        assertThat(QemuImg.identical(folder.resolve("disk0.qcow2"), fixtures.folderOf(linked).resolve("disk0.qcow2")))
                .isTrue();
    }

    @Test
    void aVmBecomesATemplateManyVmsStandOnItAndItBecomesAVmAgain() throws Exception {
        Vm withSnapshots = fixtures.vm(team);
        snapshotOf(withSnapshots);
        mvc.perform(post("/api/v1/vms/{id}/template", withSnapshots.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("delete or consolidate its snapshots first")));

        String created = mvc.perform(post("/api/v1/vms/{id}/template", source.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value(source.getName()))
                .andExpect(jsonPath("$.disks[0].file").value("disk0.qcow2"))
                .andReturn().getResponse().getContentAsString();
        Long template = ((Number) JsonPath.read(created, "$.id")).longValue();
        Path templateFolder = folder.resolveSibling("template-" + template);
        assertThat(templateFolder.resolve("disk0.qcow2")).exists();
        assertThat(folder).doesNotExist();
        mvc.perform(get("/api/v1/vms/{id}", source.getId()).with(owner)).andExpect(status().isNotFound());
        mvc.perform(get("/templates/{id}", template).with(owner))
                .andExpect(content().string(containsString("cannot be powered on")))
                .andExpect(content().string(containsString("Convert to VM")));

        Vm first = awaitStopped(deploy(template, Fixtures.unique("web"), "LINKED")
                .andExpect(jsonPath("$.disks[0].base").value("template-" + template + "/disk0.qcow2")));
        Vm second = awaitStopped(deploy(template, Fixtures.unique("web"), "LINKED"));
        Vm copy = awaitStopped(deploy(template, Fixtures.unique("copy"), "FULL")
                .andExpect(jsonPath("$.disks[0].base").doesNotExist()));
        for (Vm vm : List.of(first, second, copy)) {
            assertThat(QemuImg.identical(templateFolder.resolve("disk0.qcow2"),
                    fixtures.folderOf(vm).resolve("disk0.qcow2"))).isTrue();
        }
        mvc.perform(delete("/api/v1/templates/{id}", template).with(owner).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("VM " + first.getName())))
                .andExpect(jsonPath("$.detail").value(containsString("VM " + second.getName())));
        mvc.perform(post("/api/v1/templates/{id}/convert", template).with(owner).with(csrf()))
                .andExpect(status().isConflict());

        for (Vm vm : List.of(first, second)) {
            mvc.perform(delete("/api/v1/vms/{id}", vm.getId()).with(owner).with(csrf())).andExpect(status().isNoContent());
        }
        String back = mvc.perform(post("/api/v1/templates/{id}/convert", template).with(owner).with(csrf()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value(source.getName()))
                .andExpect(jsonPath("$.powerState").value("STOPPED"))
                .andReturn().getResponse().getContentAsString();
        Long vmId = ((Number) JsonPath.read(back, "$.id")).longValue();
        assertThat(templateFolder).doesNotExist();
        assertThat(folder.resolveSibling("vm-" + vmId).resolve("disk0.qcow2")).exists();
        mvc.perform(get("/api/v1/templates/{id}", template).with(owner)).andExpect(status().isNotFound());
    }

    @Test
    void aVmWhoseDisksAnotherJobHoldsIsNotCopiedIntoAnImage() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread job = Thread.ofVirtual().start(() -> {
            try {
                diskLocks.exclusively(source.getId(), source.getName(), () -> {
                    held.countDown();
                    try {
                        return done.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            mvc.perform(post("/api/v1/vms/{id}/image", source.getId()).with(owner).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"" + Fixtures.unique("busy") + "\"}"))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail").value(containsString("being changed or copied")));
        } finally {
            done.countDown();
            job.join();
        }
    }

    @Test
    void aVmBecomesAnImageWhichNewVmsCopyOrStandOn() throws Exception {
        String image = Fixtures.unique("golden");
        mvc.perform(post("/api/v1/vms/{id}/image", source.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + image + "\"}"))
                .andExpect(status().isAccepted());
        Long imageId = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> imageId(image), id -> id != null);
        Path imageFile = folder.resolveSibling("images").resolve(image + ".qcow2");
        assertThat(QemuImg.identical(folder.resolve("disk0.qcow2"), imageFile)).isTrue();

        Vm linked = awaitStopped(fromImage(Fixtures.unique("linked"), imageId, "LINKED")
                .andExpect(jsonPath("$.disks[0].base").value("images/" + image + ".qcow2")));
        Vm full = awaitStopped(fromImage(Fixtures.unique("full"), imageId, "FULL")
                .andExpect(jsonPath("$.disks[0].base").doesNotExist()));
        assertThat(QemuImg.identical(imageFile, fixtures.folderOf(full).resolve("disk0.qcow2"))).isTrue();
        mvc.perform(delete("/api/v1/images/{id}", imageId).with(owner).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.dependants[0]").value("VM " + linked.getName()));
    }

    @Test
    void aCopyThatWouldNotFitInTheDatastoreIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path root = folder.getParent().resolve("images");
        Files.createDirectories(root);
        String huge = Fixtures.unique("huge");
        try (FileChannel file = FileChannel.open(root.resolve(huge + ".raw"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(1), (1L << 40) - 1); // a sparse 1 TiB disk: bigger than any test machine's
        }
        String registered = mvc.perform(post("/api/v1/images").with(user(fixtures.user(GlobalRole.ADMIN).getUsername())
                        .roles("ADMIN")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + huge + "\",\"kind\":\"DISK\",\"datastoreId\":1,\"path\":\"images/" + huge
                                + ".raw\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        Long imageId = ((Number) JsonPath.read(registered, "$.id")).longValue();
        fixtures.quota(team, new Resources(64, 1 << 20, 1 << 20, 100));
        String name = Fixtures.unique("too-big");
        fromImage(name, imageId, "FULL").andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Datastore full"));
        assertThat(vms.findByTeamId(team.getId())).extracting(Vm::getName).doesNotContain(name);
    }

    @Test
    void viewersCanDoNoneOfItAndOtherTeamsFindNothing() throws Exception {
        Long template = fixtures.template(team).id();
        RequestPostProcessor viewer = fixtures.signedIn(team, TeamRole.VIEWER);
        RequestPostProcessor stranger = fixtures.signedIn(fixtures.team(), TeamRole.OWNER);
        String name = "{\"name\":\"" + Fixtures.unique("x") + "\"}";
        List<MockHttpServletRequestBuilder> arrows = List.of(
                json(post("/api/v1/vms/{id}/clones", source.getId()), "{\"name\":\"c\",\"mode\":\"FULL\"}"),
                json(post("/api/v1/vms/{id}/template", source.getId()), name),
                json(post("/api/v1/vms/{id}/image", source.getId()), name),
                json(post("/api/v1/templates/{id}/vms", template), "{\"name\":\"d\",\"teamId\":" + team.getId() + "}"),
                json(post("/api/v1/templates/{id}/image", template), name),
                post("/api/v1/templates/{id}/convert", template));
        for (MockHttpServletRequestBuilder arrow : arrows) {
            mvc.perform(arrow.with(viewer).with(csrf())).andExpect(status().isForbidden());
            mvc.perform(arrow.with(stranger).with(csrf())).andExpect(status().isNotFound());
        }
        assertThat(vms.findById(source.getId())).isPresent();
    }

    @Test
    void theVmPageClonesAndTheFormShowsWhatALinkedDiskCounts() throws Exception {
        mvc.perform(get("/vms/{id}", source.getId()).with(owner))
                .andExpect(content().string(containsString(source.getUuid())))
                .andExpect(content().string(containsString("Clone VM")));
        String name = Fixtures.unique("paged");
        mvc.perform(post("/vms/{id}/clones", source.getId()).with(owner).with(csrf())
                        .param("name", name).param("mode", "FULL").param("teamId", team.getId().toString()))
                .andExpect(redirectedUrlPattern("/vms/*"));
        assertThat(vms.findByTeamId(team.getId())).extracting(Vm::getName).contains(name);

        String created = mvc.perform(post("/api/v1/vms/{id}/template", source.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + Fixtures.unique("t") + "\"}"))
                .andReturn().getResponse().getContentAsString();
        assertThat(created).contains("\"id\"");
        Long template = ((Number) JsonPath.read(created, "$.id")).longValue();
        long linked = diskImpact(template, "LINKED");
        long full = diskImpact(template, "FULL");
        assertThat(full - linked).isEqualTo(DISK_GIB - 1);
        mvc.perform(get("/vms/{id}", source.getId()).with(owner)).andExpect(status().isNotFound());
        mvc.perform(get("/templates/{id}", template).with(owner)).andExpect(content().string(not(containsString(">Power on<"))));
    }

    /** The Disk bar's figure (used plus requested) of the create form's quota impact. */
    private long diskImpact(Long template, String mode) throws Exception {
        String html = mvc.perform(post("/vms/new/impact").with(owner).with(csrf()).param("name", "x")
                        .param("teamId", team.getId().toString()).param("vcpus", "1").param("memoryMib", "512")
                        .param("bootSource", "TEMPLATE").param("templateId", template.toString()).param("diskMode", mode))
                .andReturn().getResponse().getContentAsString();
        Matcher disk = Pattern.compile("aria-valuenow=\"(\\d+)\"[^>]*aria-label=\"Disk\"").matcher(html);
        assertThat(disk.find()).as("a Disk bar in " + html).isTrue();
        return Long.parseLong(disk.group(1));
    }

    private Long snapshotOf(Vm vm) {
        return fixtures.snapshot(vm).getId();
    }

    private ResultActions clone(Vm vm, String name, String mode, Long snapshot) throws Exception {
        return mvc.perform(json(post("/api/v1/vms/{id}/clones", vm.getId()), "{\"name\":\"" + name + "\",\"mode\":\""
                + mode + "\"" + (snapshot == null ? "" : ",\"snapshotId\":" + snapshot) + "}").with(owner).with(csrf()));
    }

    private ResultActions deploy(Long template, String name, String mode) throws Exception {
        return mvc.perform(json(post("/api/v1/templates/{id}/vms", template), "{\"name\":\"" + name + "\",\"teamId\":"
                + team.getId() + ",\"mode\":\"" + mode + "\"}").with(owner).with(csrf()));
    }

    private ResultActions fromImage(String name, Long image, String mode) throws Exception {
        return mvc.perform(json(post("/api/v1/vms"), "{\"name\":\"" + name + "\",\"teamId\":" + team.getId()
                + ",\"vcpus\":1,\"memoryMib\":256,\"bootSource\":\"IMAGE\",\"bootImageId\":" + fixtures.kernelImage().getId()
                + ",\"diskImageId\":" + image + ",\"diskMode\":\"" + mode + "\"}").with(owner).with(csrf()));
    }

    private Vm awaitStopped(ResultActions created) throws Exception {
        String body = created.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        Long id = ((Number) JsonPath.read(body, "$.id")).longValue();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> vms.findById(id).orElseThrow().getPowerState() == PowerState.STOPPED);
        return vms.findById(id).orElseThrow();
    }

    private Long imageId(String name) throws Exception {
        String page = mvc.perform(get("/api/v1/images?q={q}", name).with(owner)).andReturn().getResponse()
                .getContentAsString();
        List<Number> ids = JsonPath.read(page, "$.items[*].id");
        return ids.isEmpty() ? null : ids.getFirst().longValue();
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
