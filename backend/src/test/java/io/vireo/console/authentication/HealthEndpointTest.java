package io.vireo.console.authentication;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

import io.vireo.console.Fixtures;

/**
 * The health endpoint the container image's HEALTHCHECK asks: anyone may read whether the console is up, nobody
 * reads what it is made of, and Actuator offers nothing else. A context of its own, so that no other test's
 * datastore folders decide its status.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:vireo-health;DB_CLOSE_DELAY=-1")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class HealthEndpointTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;

    @Test
    void anyoneReadsTheStatusAndNothingMore() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"status\":\"UP\"}", JsonCompareMode.STRICT));
        mvc.perform(get("/actuator/health").with(fixtures.signedInAdmin()))
                .andExpect(content().json("{\"status\":\"UP\"}", JsonCompareMode.STRICT));
    }

    @Test
    void actuatorOffersNoOtherEndpointEvenToAnAdministrator() throws Exception {
        for (String path : new String[] {"/actuator/env", "/actuator/beans", "/actuator/configprops",
                "/actuator/health/db", "/actuator/health/datastoreHealthIndicator", "/actuator/health/liveness"}) {
            mvc.perform(get(path)).andExpect(redirectedUrl("/login"));
            mvc.perform(get(path).with(fixtures.signedInAdmin())).andExpect(status().isNotFound());
        }
    }
}
