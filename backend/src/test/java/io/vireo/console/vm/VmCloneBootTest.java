package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.GuestTests;
import io.vireo.console.Fixtures;
import io.vireo.console.QemuImg;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * A linked and a full clone of the same VM of the tiny appliance both boot, each answering to its own host name
 * (given on the kernel command line), and what one writes to its disk with {@code dd} the other and the source do
 * not see.
 */
class VmCloneBootTest extends GuestTests {
    private static final Duration BOOT = Duration.ofMinutes(6);
    /** Where the guests write their markers: 1 MiB into the disk, in 512-byte sectors. */
    private static final int SECTOR = 2048;

    @Test
    void aLinkedAndAFullCloneBootWithTheirOwnNamesAndDoNotShareWrites() throws Exception {
        Long template = fixtures.tinyTemplate();
        Team team = fixtures.team();
        RequestPostProcessor owner = fixtures.signedIn(team, TeamRole.OWNER);
        Vm source = created(owner, post("/api/v1/vms"), "{\"name\":\"" + Fixtures.unique("origin") + "\",\"teamId\":"
                + team.getId() + ",\"vcpus\":1,\"memoryMib\":384,\"bootSource\":\"TEMPLATE\",\"templateId\":"
                + template + "}");
        Long snapshot = fixtures.snapshot(source).getId();
        Vm linked = created(owner, post("/api/v1/vms/{id}/clones", source.getId()), "{\"name\":\"Linked_"
                + Fixtures.unique("c") + "\",\"mode\":\"LINKED\",\"snapshotId\":" + snapshot + "}");
        Vm full = created(owner, post("/api/v1/vms/{id}/clones", source.getId()), "{\"name\":\"full."
                + Fixtures.unique("c") + "\",\"mode\":\"FULL\"}");

        for (Vm clone : List.of(linked, full)) {
            guest.power(owner, clone.getId(), "START");
        }
        for (Vm clone : List.of(linked, full)) {
            guest.awaitSerial(owner, clone.getId(), "VIREO-READY", BOOT);
            guest.type(owner, clone.getId(), "echo name-$(hostname)-end\n");
            guest.awaitSerial(owner, clone.getId(), "name-" + clone.hostname() + "-end", BOOT);
        }
        assertThat(linked.hostname()).startsWith("linked-");
        assertThat(full.hostname()).startsWith("full-");

        guest.type(owner, linked.getId(), "echo MARK-LINKED | dd of=/dev/vda bs=512 seek=" + SECTOR + " conv=fsync; echo written-$((1+1))\n");
        guest.awaitSerial(owner, linked.getId(), "written-2", BOOT);
        guest.type(owner, full.getId(), "dd if=/dev/vda bs=512 skip=" + SECTOR + " count=1 2>/dev/null | head -c 11; echo ;"
                + " echo read-$((2+2))\n");
        String fullSaw = guest.awaitSerial(owner, full.getId(), "read-4", BOOT);
        assertThat(afterTyping(fullSaw, "read-4")).doesNotContain("MARK-LINKED");
        guest.type(owner, full.getId(), "echo MARK-FULL | dd of=/dev/vda bs=512 seek=" + SECTOR + " conv=fsync; echo done-$((3+3))\n");
        guest.awaitSerial(owner, full.getId(), "done-6", BOOT);
        guest.type(owner, linked.getId(), "dd if=/dev/vda bs=512 skip=" + SECTOR + " count=1 2>/dev/null | head -c 11; echo ;"
                + " echo again-$((4+4))\n");
        String linkedSaw = afterTyping(guest.awaitSerial(owner, linked.getId(), "again-8", BOOT), "again-8");
        assertThat(linkedSaw).contains("MARK-LINKED").doesNotContain("MARK-FULL");

        for (Vm clone : List.of(linked, full)) {
            guest.power(owner, clone.getId(), "STOP");
        }
        String sourceDisk = QemuImg.output("qemu-io", "-r", "-c", "read -v " + SECTOR * 512 + " 16",
                fixtures.folderOf(source).resolve("disk0-1.qcow2").toString());
        assertThat(sourceDisk).doesNotContain("MARK");
    }

    private Vm created(RequestPostProcessor who,
            MockHttpServletRequestBuilder request, String body)
            throws Exception {
        String answer = mvc.perform(request.with(who).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        Long id = ((Number) JsonPath.read(answer, "$.id")).longValue();
        Awaitility.await().atMost(Duration.ofMinutes(2))
                .until(() -> vms.findById(id).orElseThrow().getPowerState() == PowerState.STOPPED);
        return vms.findById(id).orElseThrow();
    }

    /** What the guest printed between the command that asked for {@code marker} and the marker itself. */
    private static String afterTyping(String serial, String marker) {
        Matcher printed = Pattern.compile("(?s)echo [a-z]+-\\$\\(\\(\\d\\+\\d\\)\\)(.*?)" + Pattern.quote(marker))
                .matcher(serial);
        String last = "";
        while (printed.find()) {
            last = printed.group(1);
        }
        return last;
    }
}
