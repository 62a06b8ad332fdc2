package io.vireo.console.vm;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.FakeEngineTest;
import io.vireo.console.Fixtures;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

/** The Host page and API show the host's figures, and of the powered-on VMs only those the caller may see. */
@FakeEngineTest
class HostPageTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    VmPowerService power;

    @Test
    void aUserSeesTheHostAndOnlyTheirTeamsPoweredOnVms() throws Exception {
        Team mine = fixtures.team(), theirs = fixtures.team();
        RequestPostProcessor user = fixtures.signedIn(mine, TeamRole.VIEWER);
        Vm own = fixtures.vm(mine), foreign = fixtures.vm(theirs);
        fixtures.asAdmin(() -> power.changePower(own.getId(), PowerAction.START, null));
        fixtures.asAdmin(() -> power.changePower(foreign.getId(), PowerAction.START, null));

        mvc.perform(get("/api/v1/host").with(user)).andExpect(status().isOk())
                .andExpect(jsonPath("$.cores").value(2))
                .andExpect(jsonPath("$.memoryMib").value(4096))
                .andExpect(jsonPath("$.vms[*].name").value(hasItem(own.getName())))
                .andExpect(jsonPath("$.vms[*].name").value(not(hasItem(foreign.getName()))))
                .andExpect(jsonPath("$.vms[?(@.name == '%s')].load.memoryHeldMib", own.getName()).value(64))
                .andExpect(jsonPath("$.vms[?(@.name == '%s')].load.placement[0].hostCore", own.getName()).value(1));
        mvc.perform(get("/host").with(user)).andExpect(status().isOk())
                .andExpect(content().string(containsString(own.getName())))
                .andExpect(content().string(not(containsString(foreign.getName()))));
        mvc.perform(get("/api/v1/host").with(fixtures.signedInAdmin()))
                .andExpect(jsonPath("$.vms[*].name").value(hasItem(foreign.getName())));
    }
}
