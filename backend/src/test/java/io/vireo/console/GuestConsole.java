package io.vireo.console;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

/**
 * What a user does with a running guest through the console's API: press a power button, type on the serial
 * console, and wait for the guest to print something. The tests that boot a real guest share it.
 */
@Component
public class GuestConsole {
    private final MockMvc mvc;

    GuestConsole(MockMvc mvc) {
        this.mvc = mvc;
    }

    /** Creates a VM from a template through the API and answers its id; its disks are still being made. */
    public long createFromTemplate(RequestPostProcessor who, long teamId, long templateId, String name, int memoryMib)
            throws Exception {
        String created = mvc.perform(post("/api/v1/vms").with(who).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"teamId\":" + teamId + ",\"vcpus\":1,\"memoryMib\":"
                                + memoryMib + ",\"bootSource\":\"TEMPLATE\",\"templateId\":" + templateId + "}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JsonPath.<Number>read(created, "$.id").longValue();
    }

    /** Presses {@code action} (START, STOP, PAUSE, …) and expects it to be taken. */
    public ResultActions power(RequestPostProcessor who, long vmId, String action) throws Exception {
        return mvc.perform(post("/api/v1/vms/{id}/power", vmId).with(who).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"" + action + "\"}"))
                .andExpect(status().isOk());
    }

    /** Types {@code text} on the serial console; a command needs its own {@code \n}. */
    public void type(RequestPostProcessor who, long vmId, String text) throws Exception {
        mvc.perform(post("/api/v1/vms/{id}/serial/input", vmId).with(who).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                                + "\"}"))
                .andExpect(status().isNoContent());
    }

    /** What the serial console shows now. */
    public String serial(RequestPostProcessor who, long vmId) throws Exception {
        return mvc.perform(get("/api/v1/vms/{id}/serial", vmId).with(who)).andReturn().getResponse()
                .getContentAsString();
    }

    /**
     * Waits up to {@code deadline} until the serial console shows {@code text}, and answers the whole console.
     * Ask for text the guest prints, not what was typed (write {@code $((6*7))}, wait for {@code 42}).
     */
    public String awaitSerial(RequestPostProcessor who, long vmId, String text, Duration deadline) {
        return Awaitility.await().atMost(deadline).pollInterval(Duration.ofSeconds(1))
                .until(() -> serial(who, vmId), shown -> shown.contains(text));
    }
}
