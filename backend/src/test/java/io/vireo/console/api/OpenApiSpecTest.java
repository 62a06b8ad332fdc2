package io.vireo.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;

import io.vireo.console.ConsoleTest;

@ConsoleTest
class OpenApiSpecTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theSpecIsServedWithoutSigningInAndListsEveryApiEndpoint() throws Exception {
        String spec = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        List<String> endpoints = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/v1/")) {
                    continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    endpoints.add(method.name().toLowerCase(Locale.ROOT) + " " + path);
                }
            }
        }
        assertThat(endpoints).hasSizeGreaterThan(40);
        List<String> missing = endpoints.stream().filter(endpoint -> !documented(spec, endpoint)).toList();
        assertThat(missing).as("endpoints missing from /v3/api-docs").isEmpty();
    }

    private static boolean documented(String spec, String endpoint) {
        String[] methodAndPath = endpoint.split(" ", 2);
        try {
            JsonPath.read(spec, "$.paths['" + methodAndPath[1] + "']." + methodAndPath[0]);
            return true;
        } catch (PathNotFoundException e) {
            return false;
        }
    }
}
