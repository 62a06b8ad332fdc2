package io.vireo.console.user;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.FakeEngineTests;

/**
 * The SSH public key on the account page: one authorized_keys line of a known type is kept (and shown); options,
 * a second line, a key blob of another type or an unknown type are refused on the field, and the key kept before
 * stays.
 */
class AccountSshKeyTest extends FakeEngineTests {
    private static final String BLOB = "AAAAC3NzaC1lZDI1NTE5AAAAIOHrfijgXsIr7tyQO8uBkdUxzNRDeT/8G96/CyshInvj";
    private static final String KEY = "ssh-ed25519 " + BLOB + " ann@laptop";

    @Test
    void aKeyLineIsKeptAndShownAndBlankRemovesIt() throws Exception {
        RequestPostProcessor me = user(fixtures.user(GlobalRole.USER).getUsername());
        change(me, "  ssh-ed25519\\t" + BLOB + "  ann@laptop ").andExpect(status().isOk())
                .andExpect(jsonPath("$.sshPublicKey").value(KEY));
        mvc.perform(get("/api/v1/me").with(me)).andExpect(jsonPath("$.sshPublicKey").value(KEY));
        mvc.perform(get("/account").with(me)).andExpect(content().string(Matchers.containsString(BLOB)));
        change(me, "").andExpect(status().isOk()).andExpect(jsonPath("$.sshPublicKey").isEmpty());
    }

    @Test
    void whatIsNoSingleKeyLineOfAKnownTypeIsRefusedAndTheKeptKeyStays() throws Exception {
        RequestPostProcessor me = user(fixtures.user(GlobalRole.USER).getUsername());
        change(me, KEY).andExpect(status().isOk());
        for (String hostile : new String[] {
                "command=\\\"reboot\\\" " + KEY,
                KEY + "\\nssh-ed25519 " + BLOB + " second",
                "ssh-rsa " + BLOB + " wrong-type",
                "ssh-dss " + BLOB,
                "ssh-ed25519 not-base64!",
                "ssh-ed25519 " + BLOB + " ann\\u0007bell",
                "ssh-ed25519"}) {
            change(me, hostile).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("sshPublicKey"));
        }
        mvc.perform(get("/api/v1/me").with(me)).andExpect(jsonPath("$.sshPublicKey").value(KEY));
    }

    @Test
    void theAccountPageSavesTheKey() throws Exception {
        String name = fixtures.user(GlobalRole.USER).getUsername();
        mvc.perform(post("/account/ssh-key").with(user(name)).with(csrf()).param("sshPublicKey", KEY))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/me").with(user(name))).andExpect(jsonPath("$.sshPublicKey").value(KEY));
    }

    private ResultActions change(RequestPostProcessor me, String key) throws Exception {
        return mvc.perform(put("/api/v1/me").with(me).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"sshPublicKey\":\"" + key + "\"}"));
    }
}
