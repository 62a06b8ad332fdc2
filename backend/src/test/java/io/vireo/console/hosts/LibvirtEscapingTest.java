package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.GuestTests;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.team.Team;
import io.vireo.console.vm.PowerState;

/**
 * What users type reaches a libvirt host only as text: a VM whose folder lies under a path full of XML and shell
 * metacharacters (an administrator's datastore) and whose description carries them too boots on the machine's
 * daemon, its domain names that exact path, nothing the characters spell is run, and the description comes back
 * as typed. A VM name with them never gets that far: the API refuses it with the rule.
 */
@ExtendWith(LibvirtDaemon.class)
class LibvirtEscapingTest extends GuestTests {
    @Autowired
    Installation installation;
    private static final String NASTY = "<a&b>'q\"$(touch PWNED)`touch PWNED`;|x";

    @Autowired
    DatastoreRepository datastores;

    @Test
    void pathsAndTextWithMetacharactersStayTextAllTheWayToQemu() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        Team team = fixtures.team();
        long hostId = MachineHost.id(mvc, admin, "qemu-here");
        Path parent = datastores.findAll().getFirst().directory().resolveSibling(Fixtures.unique("odd"));
        Path folder = parent.resolve("store " + NASTY);
        String store = mvc.perform(post("/api/v1/datastores").with(admin).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + Fixtures.unique("odd") + "\",\"path\":"
                                + quoted(folder.toString()) + "}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long storeId = JsonPath.<Number>read(store, "$.id").longValue();

        mvc.perform(post("/api/v1/vms").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(vm("bad" + NASTY, team, hostId, storeId)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        String created = mvc.perform(post("/api/v1/vms").with(admin).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(vm(Fixtures.unique("odd"), team, hostId, storeId)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long vmId = JsonPath.<Number>read(created, "$.id").longValue();
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> vms.findById(vmId).orElseThrow().getPowerState() == PowerState.STOPPED);

        guest.power(admin, vmId, "START").andExpect(jsonPath("$.powerState").value("RUNNING"));
        guest.awaitSerial(admin, vmId, "VIREO-READY", Duration.ofMinutes(4));
        String xml = MachineHost.virsh("dumpxml", installation.domainNames().of(vmId));
        assertThat(xml).as("the domain's disk under the datastore's exact path, escaped as XML text")
                .contains(folder.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                        .replace("'", "&apos;").replace("\"", "&quot;"));
        mvc.perform(get("/api/v1/vms/{id}", vmId).with(admin))
                .andExpect(jsonPath("$.description").value("about " + NASTY));
        guest.power(admin, vmId, "STOP");
        Awaitility.await().atMost(Duration.ofMinutes(2))
                .until(() -> vms.findById(vmId).orElseThrow().getPowerState() == PowerState.STOPPED);
        try (var files = Files.walk(parent)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).doesNotContain("PWNED");
        }
        assertThat(Path.of("PWNED")).doesNotExist();
    }

    private String vm(String name, Team team, long hostId, long storeId) {
        return "{\"name\":" + quoted(name) + ",\"description\":" + quoted("about " + NASTY) + ",\"teamId\":"
                + team.getId() + ",\"vcpus\":1,\"memoryMib\":256,\"bootSource\":\"TEMPLATE\",\"templateId\":"
                + fixtures.tinyTemplate() + ",\"hostId\":" + hostId + ",\"datastoreId\":" + storeId + "}";
    }

    /** A JSON string of {@code text}: its backslashes and quotes escaped. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
