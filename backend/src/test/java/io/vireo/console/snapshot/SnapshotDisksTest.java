package io.vireo.console.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTests;
import io.vireo.console.QemuImg;
import io.vireo.console.snapshot.internal.SnapshotRepository;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.Vm;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.chain.DiskChain;

/**
 * Snapshots on real files, read back by QEMU: every snapshot keeps reading what it froze whatever happens around
 * it (revert, deleting a neighbour), and consolidation leaves one file with the latest content.
 */
class SnapshotDisksTest extends ConsoleTests {
    /** A few places across the disk, some in the same cluster, one far out. */
    private static final long[] OFFSETS = {0, 4096, 70_000, 300L << 20};

    @Autowired
    SnapshotRepository snapshots;

    @TempDir
    Path references;
    Team team;
    RequestPostProcessor operator;
    Vm vm;

    @BeforeEach
    void aStoppedVm() {
        team = fixtures.team();
        operator = fixtures.signedIn(team, TeamRole.OPERATOR);
        vm = fixtures.vm(team);
    }

    @Test
    void eachSnapshotReadsWhatItFrozeThroughRevertDeleteAndConsolidate() throws Exception {
        write("one");
        Path one = readOut("one");
        long first = take("first");
        write("two");
        Path two = readOut("two");
        long second = take("second");
        write("three");
        Path three = readOut("three");
        long third = take("third");
        write("four");
        Path four = readOut("four");
        assertThat(top().getFileName()).hasToString("disk0-3.qcow2");

        revert(first);
        QemuImg.assertSameContent(one, top());
        write("changed after revert");
        revert(second);
        QemuImg.assertSameContent(two, top());
        revert(third);
        QemuImg.assertSameContent(three, top());
        assertThat(Files.readString(folder().resolve("vm.conf"))).contains("snapshot.3.name = third", "current = 3");

        awaitTask(mvc.perform(delete("/api/v1/vms/{id}/snapshots/{s}", vm.getId(), second).with(operator).with(csrf())));
        QemuImg.assertSameContent(one, frozen(first));
        QemuImg.assertSameContent(three, frozen(third));
        QemuImg.assertSameContent(three, top());
        for (Path file : files()) {
            QemuImg.check(file);
        }
        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.getId()).with(operator))
                .andExpect(jsonPath("$[0].id").value(first))
                .andExpect(jsonPath("$[0].children[0].id").value(third))
                .andExpect(jsonPath("$[0].children[0].current").value(true));

        write("latest");
        Path latest = readOut("latest");
        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots/consolidate", vm.getId()).with(operator).with(csrf())));
        assertThat(files()).hasSize(1);
        Path only = top();
        QemuImg.check(only);
        QemuImg.assertSameContent(latest, only);
        try (DiskImage chain = DiskChain.open(only, true)) {
            assertThat(chain.backing()).isEmpty();
        }
        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.getId()).with(operator)).andExpect(jsonPath("$.length()").value(0));
        assertThat(Files.readString(folder().resolve("vm.conf"))).doesNotContain("snapshot.").contains("current = 0");
    }

    @Test
    void theTeamsQuotaCountsWhatASnapshotsDeltaHolds() throws Exception {
        long before = diskGibUsed();
        take("first");
        assertThat(diskGibUsed()).as("an empty delta rounds up to nothing more than it takes").isLessThanOrEqualTo(before + 1);
        QemuImg.write(top(), 0x3c, 0, 24L << 20);
        assertThat(diskGibUsed()).isEqualTo(before + 1);
        QemuImg.write(top(), 0x3d, 24L << 20, 1000L << 20);
        assertThat(diskGibUsed()).isEqualTo(before + 2);
    }

    @Test
    void registeringTheFolderBringsTheTreeBackWithWhereTheVmStood() throws Exception {
        fixtures.grantDatastore(team);
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        write("one");
        Path one = readOut("one");
        long first = take("first");
        write("two");
        take("second");
        revert(first);
        Path kept = folder().resolveSibling("kept-" + vm.getId());
        Files.move(folder(), kept);
        mvc.perform(delete("/api/v1/vms/{id}", vm.getId()).with(owner).with(csrf())).andExpect(status().isNoContent());

        String body = mvc.perform(post("/api/v1/vms/register").with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"datastoreId\":" + vm.getDatastore().getId()
                                + ",\"folder\":\"" + kept.getFileName() + "\",\"teamId\":" + team.getId() + "}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.disks[0].file").value("disk0-3.qcow2"))
                .andReturn().getResponse().getContentAsString();
        vm = vms.findById(JsonPath.<Number>read(body, "$.id").longValue()).orElseThrow();
        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.getId()).with(operator))
                .andExpect(jsonPath("$[0].name").value("first"))
                .andExpect(jsonPath("$[0].current").value(true))
                .andExpect(jsonPath("$[0].children[0].name").value("second"));
        QemuImg.assertSameContent(one, top());
        take("third");
        assertThat(top().getFileName()).hasToString("disk0-4.qcow2");
    }

    @Test
    void theVmPageShowsTheTreeWhereTheVmIsAndEachDeltasSize() throws Exception {
        write("one");
        long first = take("first");
        take("second");
        revert(first);

        mvc.perform(get("/vms/{id}", vm.getId()).with(operator))
                .andExpect(content().string(containsString("Revert to snapshot first")))
                .andExpect(content().string(containsString("You are here")))
                .andExpect(content().string(containsString("disk0-3.qcow2")))
                .andExpect(content().string(containsString("Consolidate disks")));
    }

    @Test
    void revertingARunningVmNeedsConsentToPowerItOff() throws Exception {
        vm = fixtures.runningVm(team);
        power("STOP");
        long first = take("first");
        take("second");
        power("START");

        mvc.perform(post("/api/v1/vms/{id}/snapshots/{s}/revert", vm.getId(), first).with(operator).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("stop=true")));
        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots/{s}/revert", vm.getId(), first)
                .param("stop", "true").with(operator).with(csrf())));
        mvc.perform(get("/api/v1/vms/{id}/snapshots/{s}", vm.getId(), first).with(operator))
                .andExpect(jsonPath("$.current").value(true));
        mvc.perform(get("/api/v1/vms/{id}", vm.getId()).with(operator)).andExpect(jsonPath("$.powerState").value("STOPPED"));
    }

    @Test
    void aViewerCannotTakeRevertDeleteOrConsolidate() throws Exception {
        long first = take("first");
        RequestPostProcessor viewer = fixtures.signedIn(team, TeamRole.VIEWER);
        mvc.perform(post("/api/v1/vms/{id}/snapshots", vm.getId()).with(viewer).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"mine\"}")).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/vms/{id}/snapshots/{s}/revert", vm.getId(), first).with(viewer).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/vms/{id}/snapshots/{s}", vm.getId(), first).with(viewer).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/vms/{id}/snapshots/consolidate", vm.getId()).with(viewer).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm.getId()).with(viewer)).andExpect(jsonPath("$.length()").value(1));
    }

    @Test
    void aSnapshotNameWithALineBreakIsRefused() throws Exception {
        mvc.perform(post("/api/v1/vms/{id}/snapshots", vm.getId()).with(operator).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\\nsnapshot.9.name = forged\"}"))
                .andExpect(status().isBadRequest());
    }

    private void power(String action) throws Exception {
        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"" + action + "\"}"))
                .andExpect(status().is2xxSuccessful());
    }

    private long take(String name) throws Exception {
        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots", vm.getId()).with(operator).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + name + "\"}")));
        return vm().getCurrentSnapshotId();
    }

    private void revert(long snapshot) throws Exception {
        awaitTask(mvc.perform(post("/api/v1/vms/{id}/snapshots/{s}/revert", vm.getId(), snapshot).with(operator)
                .with(csrf())));
    }

    private void awaitTask(ResultActions request) throws Exception {
        String body = request.andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        long id = JsonPath.<Number>read(body, "$.id").longValue();
        fixtures.awaitSucceeded(id);
    }

    /** Writes {@code text} at every offset of disk 0's current top, as the guest would. */
    private void write(String text) throws Exception {
        try (DiskImage disk = DiskChain.open(top(), false)) {
            for (long offset : OFFSETS) {
                disk.write(offset, ByteBuffer.wrap((text + "@" + offset).getBytes(StandardCharsets.UTF_8)));
            }
            disk.flush();
        }
    }

    private Path readOut(String name) throws Exception {
        return QemuImg.readOut(top(), references.resolve(name + ".raw"));
    }

    private Vm vm() {
        return vms.findById(vm.getId()).orElseThrow();
    }

    private Path folder() {
        return fixtures.folderOf(vm());
    }

    /** The file disk 0 writes now, as the API names it. */
    private long diskGibUsed() throws Exception {
        String body = mvc.perform(get("/api/v1/teams/{id}/quota", team.getId()).with(operator)).andReturn().getResponse()
                .getContentAsString();
        return JsonPath.<Number>read(body, "$.used.diskGib").longValue();
    }

    private Path top() throws Exception {
        String body = mvc.perform(get("/api/v1/vms/{id}", vm.getId()).with(operator)).andReturn().getResponse()
                .getContentAsString();
        return folder().resolve(JsonPath.<String>read(body, "$.disks[0].file"));
    }

    private Path frozen(long snapshotId) {
        return folder().resolve(snapshots.findById(snapshotId).orElseThrow().file(0));
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> list = Files.list(folder())) {
            return list.filter(p -> p.getFileName().toString().endsWith(".qcow2")).sorted().toList();
        }
    }
}
