package io.vireo.console.vm;

import static org.hamcrest.Matchers.hasItems;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.vireo.console.domain.NotFoundException;
import io.vireo.console.task.TaskState;
import io.vireo.console.task.TaskView;

/** The VM API's web layer alone: binding, validation and how refusals become problem details. */
@WebMvcTest(VmApiController.class)
class VmApiControllerSliceTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    VmQueries vms;
    @MockitoBean
    VmCreation creation;
    @MockitoBean
    VmRegistration registration;
    @MockitoBean
    VmChanges changes;
    @MockitoBean
    VmPowerService power;
    @MockitoBean
    VmDetails details;
    @MockitoBean
    VmMigration migration;

    @Test
    void aMissingVmIsA404Problem() throws Exception {
        given(vms.get(7L)).willThrow(new NotFoundException("VM", 7L));
        mvc.perform(get("/api/v1/vms/7").with(user("alice")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("VM 7 was not found"));
    }

    @Test
    void aRefusedChangeIsA403Problem() throws Exception {
        given(power.changePower(eq(7L), any(), any(), anyBoolean())).willThrow(new AccessDeniedException("viewers cannot operate"));
        mvc.perform(post("/api/v1/vms/7/power").with(user("alice")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Forbidden"));
    }

    @Test
    void invalidBodiesNeverReachTheService() throws Exception {
        mvc.perform(post("/api/v1/vms").with(user("alice")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\",\"vcpus\":500}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", hasItems("name", "teamId", "vcpus", "memoryMib", "bootSource")));
        verifyNoInteractions(creation);
    }

    @Test
    void aDiskBusTheEngineLacksIsRefusedNamingTheField() throws Exception {
        mvc.perform(post("/api/v1/vms").with(user("alice")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"db","teamId":1,"vcpus":1,"memoryMib":512,"bootSource":"TEMPLATE","templateId":1,
                                 "disks":[{"sizeGib":1,"bus":"SATA"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("disks[0].bus"))
                .andExpect(jsonPath("$.errors[0].message").value("must be one of VIRTIO, SCSI"));
        verifyNoInteractions(vms);
    }

    @Test
    void aFieldTheApiDoesNotHaveIsRefusedRatherThanIgnored() throws Exception {
        mvc.perform(post("/api/v1/vms").with(user("alice")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"db","teamId":1,"vcpus":1,"memoryMib":512,"bootSource":"TEMPLATE","templateId":1,
                                 "balloonMib":256}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("balloonMib"))
                .andExpect(jsonPath("$.errors[0].message").value("not a field of this request"));
        verifyNoInteractions(vms);
    }

    @Test
    void aMigrationIntoADatastoreAnswersItsTask() throws Exception {
        given(migration.migrate(7L, 3L, 5L)).willReturn(new TaskView(11L, "vm.migrate", "Migrate VM db", 1L, "VM", 7L,
                TaskState.QUEUED, 0, null, null, "alice", Instant.EPOCH, null, null));
        mvc.perform(post("/api/v1/vms/7/migrate").with(user("alice")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"hostId\":3,\"datastoreId\":5}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.kind").value("vm.migrate"))
                .andExpect(jsonPath("$.targetId").value(7));
    }

    @Test
    void malformedJsonIsA400Problem() throws Exception {
        mvc.perform(post("/api/v1/vms").with(user("alice")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
