package io.vireo.console.hosts;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.ConsoleTests;
import io.vireo.console.hosts.internal.HostRepository;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/**
 * The administrators' hosts page: the embedded engine first, a host added by its form (here one that cannot be
 * reached, shown so with the reason), put in and out of maintenance and removed; a bad URI is refused with the
 * shapes that are taken; users other than administrators do not get the page.
 */
class HostsPageTest extends ConsoleTests {

    @Test
    void anAdministratorAddsAHostPutsItInMaintenanceAndRemovesIt() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        mvc.perform(post("/admin/hosts").with(admin).with(csrf()).param("name", "page-host")
                        .param("uri", "qemu+ssh://vireo@page-host.invalid/system"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("notice", "Host added"));
        Long id = hosts.findAllByOrderByName().stream().filter(h -> h.getName().equals("page-host")).findFirst()
                .orElseThrow().getId();
        mvc.perform(get("/admin/hosts").with(admin)).andExpect(status().isOk())
                .andExpect(content().string(containsString("embedded engine")))
                .andExpect(content().string(containsString("qemu+ssh://vireo@page-host.invalid/system")))
                .andExpect(content().string(containsString("UNREACHABLE")));

        mvc.perform(post("/admin/hosts/{id}/maintenance", id).with(admin).with(csrf()).param("on", "true"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/admin/hosts").with(admin)).andExpect(content().string(containsString("End maintenance")));
        mvc.perform(post("/admin/hosts/{id}/maintenance", id).with(admin).with(csrf()).param("on", "false"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/admin/hosts/{id}/delete", id).with(admin).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("notice", "Host removed"));
        mvc.perform(get("/admin/hosts").with(admin))
                .andExpect(content().string(not(containsString("page-host.invalid"))));
    }

    @Test
    void aUriOfAnotherShapeIsRefusedWithTheShapesThatAreTaken() throws Exception {
        mvc.perform(post("/admin/hosts").with(fixtures.signedInAdmin()).with(csrf()).param("name", "evil")
                        .param("uri", "qemu+ssh://host/system?command=/bin/sh"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("problem", containsString("qemu+ssh://[user@]host[:port]/system")));
    }

    @Test
    void usersDoNotGetThePage() throws Exception {
        Team team = fixtures.team();
        mvc.perform(get("/admin/hosts").with(fixtures.signedIn(team, TeamRole.OWNER))).andExpect(status().isForbidden());
    }

    @Autowired
    private HostRepository hosts;
}
