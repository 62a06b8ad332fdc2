package io.vireo.console.authentication;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.user.User;

@ConsoleTest
class LoginTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;

    @Test
    void theLoginPageIsPublic() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isOk());
    }

    @Test
    void signingInWithRememberMeSetsAPersistentCookie() throws Exception {
        User user = fixtures.user(GlobalRole.USER);
        mvc.perform(post("/login").with(csrf()).param("username", user.getUsername())
                        .param("password", Fixtures.PASSWORD).param("remember-me", "on"))
                .andExpect(redirectedUrl("/"))
                .andExpect(cookie().exists("remember-me"));
    }

    @Test
    void afterFiveWrongPasswordsEvenTheRightOneIsRefusedForAWhile() throws Exception {
        User user = fixtures.user(GlobalRole.USER);
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/login").with(csrf()).param("username", user.getUsername()).param("password", "wrong"))
                    .andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(post("/login").with(csrf()).param("username", user.getUsername())
                        .param("password", Fixtures.PASSWORD))
                .andExpect(redirectedUrl("/login?locked"));
    }

    @Test
    void theLockHoldsForTheNameAuthenticationUsesWhateverSpacesSurroundIt() throws Exception {
        User user = fixtures.user(GlobalRole.USER);
        RequestPostProcessor fromAfar = request -> {
            request.setRemoteAddr("192.0.2.14");
            return request;
        };
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/login").with(csrf()).with(fromAfar).param("username", user.getUsername())
                            .param("password", "wrong"))
                    .andExpect(redirectedUrl("/login?error"));
        }
        for (String variant : List.of(user.getUsername() + " ", " " + user.getUsername(), user.getUsername() + "\t",
                user.getUsername().toUpperCase(Locale.ROOT), user.getUsername())) {
            mvc.perform(post("/login").with(csrf()).with(fromAfar).param("username", variant)
                            .param("password", Fixtures.PASSWORD))
                    .andExpect(redirectedUrl("/login?locked"));
        }
    }

    @Test
    void aDisabledUserCannotSignIn() throws Exception {
        User user = fixtures.user(GlobalRole.USER);
        user.update(user.getDisplayName(), null, GlobalRole.USER, false);
        fixtures.save(user);
        mvc.perform(post("/login").with(csrf()).param("username", user.getUsername())
                        .param("password", Fixtures.PASSWORD))
                .andExpect(redirectedUrl("/login?error"));
    }
}
