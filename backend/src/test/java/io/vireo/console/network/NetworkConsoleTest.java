package io.vireo.console.network;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.Vm;

/** Networks: administrators create, change and delete them, the engine's rules refuse bad addressing by field. */
@ConsoleTest
class NetworkConsoleTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;

    private static final String LAN = """
            {"name":"%s","kind":"%s","cidr":"%s","gateway":"%s","dhcp":%s,"dhcpFirst":"%s","dhcpLast":"%s",\
            "leaseSeconds":600,"dns":true%s}""";

    private ResultActions create(RequestPostProcessor who, String name, String kind, String cidr, String gateway,
            boolean dhcp, String first, String last, String extra) throws Exception {
        return mvc.perform(post("/api/v1/networks").with(who).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(LAN.formatted(name, kind, cidr, gateway, dhcp, first, last, extra)));
    }

    @Test
    void theConsoleStartsWithTheDefaultNatNetworkLaidOutAsSlirps() throws Exception {
        mvc.perform(get("/api/v1/networks/{id}", fixtures.defaultNetwork().getId())
                        .with(fixtures.signedIn(fixtures.team(), TeamRole.VIEWER)))
                .andExpect(jsonPath("$.name").value("default")).andExpect(jsonPath("$.kind").value("NAT"))
                .andExpect(jsonPath("$.cidr").value("10.0.2.0/24")).andExpect(jsonPath("$.gateway").value("10.0.2.2"))
                .andExpect(jsonPath("$.dhcpFirst").value("10.0.2.15")).andExpect(jsonPath("$.dns").value(true));
    }

    @Test
    void anAdministratorCreatesChangesAndDeletesANetwork() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        String name = Fixtures.unique("lan");
        String created = create(admin, name, "HOST_ONLY", "192.168.77.0/24", "192.168.77.1", true, "192.168.77.100",
                "192.168.77.199", "")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("HOST_ONLY"))
                .andExpect(jsonPath("$.leaseSeconds").value(600))
                .andReturn().getResponse().getContentAsString();
        Integer id = JsonPath.read(created, "$.id");

        mvc.perform(put("/api/v1/networks/{id}", id).with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(LAN.formatted(name, "ISOLATED", "172.20.0.0/16", "172.20.0.1", false, "", "", "")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("ISOLATED")).andExpect(jsonPath("$.cidr").value("172.20.0.0/16"))
                .andExpect(jsonPath("$.dhcp").value(false)).andExpect(jsonPath("$.dhcpFirst").doesNotExist());
        mvc.perform(get("/networks/{id}", id).with(admin))
                .andExpect(content().string(containsString("172.20.0.1")))
                .andExpect(content().string(containsString("Save network")));

        mvc.perform(delete("/api/v1/networks/{id}", id).with(admin).with(csrf())).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/networks/{id}", id).with(admin)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/audit?action=network.update").with(admin))
                .andExpect(content().string(containsString("network.update")));
    }

    @Test
    void badAddressingIsRefusedInTheEnginesWordsNamingTheField() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        create(admin, Fixtures.unique("n"), "NAT", "10.1.0.0/33", "10.1.0.1", false, "", "", "")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("cidr"));
        create(admin, Fixtures.unique("n"), "NAT", "10.1.0.5/24", "10.1.0.1", false, "", "", "")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("cidr"))
                .andExpect(jsonPath("$.detail").value("10.1.0.5/24 has host bits set"));
        create(admin, Fixtures.unique("n"), "NAT", "10.1.0.0/24", "10.2.0.1", false, "", "", "")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("gateway"))
                .andExpect(jsonPath("$.detail").value("The gateway 10.2.0.1 is not a host address of 10.1.0.0/24"));
        create(admin, Fixtures.unique("n"), "NAT", "10.1.0.0/24", "10.1.0.1", true, "10.1.0.50", "10.1.0.20", "")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("dhcpLast"))
                .andExpect(jsonPath("$.detail").value(containsString("starts after it ends")));
        create(admin, Fixtures.unique("n"), "NAT", "10.1.0.0/24", "10.1.0.1", true, "10.1.0.50", "10.1.1.20", "")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("gateway"))
                .andExpect(jsonPath("$.detail").value(containsString("is not inside 10.1.0.0/24")));
        create(admin, Fixtures.unique("n"), "BRIDGED", "10.1.0.0/24", "10.1.0.1", false, "", "", "")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("uplink"));
        create(admin, Fixtures.unique("n"), "BRIDGED", "10.1.0.0/24", "10.1.0.1", false, "", "", ",\"uplink\":\"a/b\"")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("uplink"));
        create(admin, "default", "NAT", "10.1.0.0/24", "10.1.0.1", false, "", "", "")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("name"));
        create(admin, Fixtures.unique("br"), "BRIDGED", "10.1.0.0/24", "10.1.0.1", false, "", "",
                ",\"uplink\":\"vireo-tap0\"").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("has its own DHCP and DNS")));
        create(admin, Fixtures.unique("br"), "BRIDGED", "10.1.0.0/24", "10.1.0.1", false, "", "",
                ",\"uplink\":\"vireo-tap0\",\"dns\":false").andExpect(status().isCreated());
    }

    @Test
    void onlyAdministratorsChangeNetworks() throws Exception {
        RequestPostProcessor owner = fixtures.signedIn(fixtures.team(), TeamRole.OWNER);
        create(owner, Fixtures.unique("n"), "ISOLATED", "10.3.0.0/24", "10.3.0.1", false, "", "", "")
                .andExpect(status().isForbidden());
        mvc.perform(get("/networks").with(owner))
                .andExpect(content().string(containsString("default")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("Create network"))));
    }

    @Test
    void aNetworkANicUsesIsNotDeletedAndThePageSaysWhy() throws Exception {
        Vm vm = fixtures.vmWithNic(fixtures.team());
        Long network = fixtures.defaultNetwork().getId();
        RequestPostProcessor admin = fixtures.signedInAdmin();
        mvc.perform(delete("/api/v1/networks/{id}", network).with(admin).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("still use network default")));
        mvc.perform(post("/networks/{id}/delete", network).with(admin).with(csrf()))
                .andExpect(flash().attribute("problem", containsString("still use network default")));
        mvc.perform(get("/api/v1/networks/{id}", network).with(admin)).andExpect(status().isOk());
        mvc.perform(get("/vms/{id}", vm.getId()).with(admin)).andExpect(content().string(containsString("on default")));
    }

    @Test
    void theNetworkFormCreatesANetworkWithItsCheckboxesLeftOut() throws Exception {
        RequestPostProcessor admin = fixtures.signedInAdmin();
        String name = Fixtures.unique("form");
        mvc.perform(post("/networks").with(admin).with(csrf()).param("name", name).param("kind", "ISOLATED")
                        .param("cidr", "10.4.0.0/24").param("gateway", "10.4.0.1").param("dhcpFirst", "")
                        .param("dhcpLast", "").param("leaseSeconds", "3600").param("uplink", ""))
                .andExpect(flash().attribute("notice", "Network created"));
        mvc.perform(get("/networks").param("q", name).with(admin))
                .andExpect(content().string(containsString(name)))
                .andExpect(content().string(containsString("off")));
    }
}
