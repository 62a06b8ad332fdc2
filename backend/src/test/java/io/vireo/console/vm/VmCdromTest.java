package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.FakeEngineTests;
import io.vireo.console.Fixtures;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.image.Image;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * A VM's CD-ROM drive through the API: an ISO image put in while the VM is stopped reaches the engine at power-on,
 * a disc is changed and ejected while it runs, a drive the guest locked answers 409 until forced, and an image
 * that is no ISO, or lies in a datastore the team may not use, is refused.
 */
class VmCdromTest extends FakeEngineTests {

    Team team;
    RequestPostProcessor owner;
    Vm vm;
    Image iso;

    @BeforeEach
    void aStoppedVmOfATeamGrantedTheFirstDatastore() {
        team = fixtures.team();
        owner = fixtures.signedIn(team, TeamRole.OWNER);
        fixtures.grantDatastore(team);
        vm = fixtures.idleVm(team, List.of());
        iso = fixtures.isoImage(4);
    }

    @Test
    void aDiscPutInWhileStoppedIsInTheDriveAtPowerOnAndIsEjectedWhileTheVmRuns() throws Exception {
        cdrom("{\"imageId\":" + iso.getId() + "}").andExpect(status().isOk())
                .andExpect(jsonPath("$.imageId").value(iso.getId()))
                .andExpect(jsonPath("$.imageName").value(iso.getName()));

        power("START");
        assertThat(host.disc(vm.getId())).contains(iso.file());

        cdrom("{\"eject\":true}").andExpect(status().isOk()).andExpect(jsonPath("$.imageId").value(nullValue()));
        assertThat(host.disc(vm.getId())).isEmpty();
        mvc.perform(get("/api/v1/vms/{id}/cdrom", vm.getId()).with(owner))
                .andExpect(jsonPath("$.imageId").value(nullValue()));
        mvc.perform(get("/api/v1/vms/{id}/events", vm.getId()).with(owner))
                .andExpect(jsonPath("$[*].message", hasItems("CD-ROM ejected",
                        "CD-ROM holds ISO image " + iso.getName())));

        cdrom("{\"imageId\":" + iso.getId() + "}").andExpect(status().isOk());
        assertThat(host.disc(vm.getId())).contains(iso.file());
    }

    @Test
    void aDriveTheGuestLockedRefusesUntilTheEjectIsForced() throws Exception {
        power("START");
        cdrom("{\"imageId\":" + iso.getId() + "}").andExpect(status().isOk());
        host.lockDrive(vm.getId());

        cdrom("{\"eject\":true,\"force\":false}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("has locked its CD-ROM drive")))
                .andExpect(jsonPath("$.forceable").value(true));
        assertThat(host.disc(vm.getId())).contains(iso.file());
        mvc.perform(get("/api/v1/vms/{id}/cdrom", vm.getId()).with(owner))
                .andExpect(jsonPath("$.imageId").value(iso.getId()));

        cdrom("{\"eject\":true,\"force\":true}").andExpect(status().isOk())
                .andExpect(jsonPath("$.imageId").value(nullValue()));
        assertThat(host.disc(vm.getId())).isEqualTo(Optional.empty());
    }

    @Test
    void anImageThatIsNoIsoOrLiesInADatastoreTheTeamMayNotUseIsRefused() throws Exception {
        cdrom("{\"imageId\":" + fixtures.kernelImage().getId() + "}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("imageId"))
                .andExpect(jsonPath("$.detail").value(containsString("a CD-ROM drive takes an ISO image")));

        Datastore elsewhere = fixtures.anotherDatastore();
        Image foreign = fixtures.isoImage(elsewhere, 1);
        cdrom("{\"imageId\":" + foreign.getId() + "}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("which team " + team.getName()
                        + " may not use")));

        cdrom("{\"imageId\":" + iso.getId() + ",\"eject\":true}").andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/vms/{id}/cdrom", vm.getId()).with(owner))
                .andExpect(jsonPath("$.imageId").value(nullValue()));
    }

    @Test
    void aNewVmStartsWithTheIsoImageItIsMadeWithAndTheFormOffersIt() throws Exception {
        Long kernel = fixtures.kernelImage().getId();
        String made = mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"%s","teamId":%d,"vcpus":1,"memoryMib":256,"bootSource":"IMAGE",\
                                "bootImageId":%d,"cdromImageId":%d}""".formatted(Fixtures.unique("cd"), team.getId(),
                                kernel, iso.getId())))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        mvc.perform(get("/api/v1/vms/{id}/cdrom", JsonPath.<Number>read(made, "$.id").longValue()).with(owner))
                .andExpect(jsonPath("$.imageName").value(iso.getName()));

        mvc.perform(post("/api/v1/vms").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"%s","teamId":%d,"vcpus":1,"memoryMib":256,"bootSource":"IMAGE",\
                                "bootImageId":%d,"cdromImageId":%d}""".formatted(Fixtures.unique("cd"), team.getId(),
                                kernel, kernel)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cdromImageId"));
        mvc.perform(get("/vms/new").with(owner))
                .andExpect(content().string(containsString("<option value=\"" + iso.getId() + "\">" + iso.getName())));
    }

    @Test
    void theVmPageShowsTheDiscAndPutsInAndEjectsIt() throws Exception {
        mvc.perform(post("/vms/{id}/cdrom", vm.getId()).with(owner).with(csrf()).param("imageId", iso.getId().toString()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", "CD-ROM changed"));
        mvc.perform(get("/vms/{id}", vm.getId()).with(owner))
                .andExpect(content().string(containsString("Holds ISO image " + iso.getName())))
                .andExpect(content().string(containsString(">Eject</button>")));

        mvc.perform(post("/vms/{id}/cdrom", vm.getId()).with(owner).with(csrf()).param("eject", "true"))
                .andExpect(flash().attribute("notice", "CD-ROM ejected"));
        mvc.perform(get("/vms/{id}", vm.getId()).with(owner))
                .andExpect(content().string(containsString("<p id=\"cdrom-medium\">Empty</p>")));
    }

    private ResultActions cdrom(String body) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/cdrom", vm.getId()).with(owner).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** Sends a power action that powers the VM on, and waits until the inventory has it running (the engine's state change arrives by event). */
    private void power(String action) throws Exception {
        mvc.perform(post("/api/v1/vms/{id}/power", vm.getId()).with(owner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"" + action + "\"}"))
                .andExpect(status().is2xxSuccessful());
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> vms.findById(vm.getId()).orElseThrow().getPowerState() == PowerState.RUNNING);
    }
}
