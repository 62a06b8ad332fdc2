package io.vireo.console.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything an outsider can call, read from the console itself rather than listed by hand: the API from
 * its OpenAPI document, the pages from the request mappings. A new endpoint is in the sweep the day it
 * is added.
 */
final class Surface {
    /** Pages no signed-in user's rights decide: the sign-in page and errors (and the API's description, below). */
    private static final Set<String> NOT_PAGES = Set.of("/login", "/error");
    /** The body schema of an upload: a file part named {@code file} and plain form fields. */
    static final String MULTIPART = "multipart/form-data";

    private Surface() {
    }

    /** One operation: its method, path template and, for the API, the schema of its JSON body. */
    record Endpoint(String method, String path, Optional<String> bodySchema) {

        boolean changes() {
            return !method.equals("GET");
        }

        String root() {
            return Victim.root(path);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Endpoint> api(String openApiDocument) {
        JsonNode paths = JsonMapper.builder().build().readTree(openApiDocument).path("paths");
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                endpoints.add(new Endpoint(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        bodySchema(operation.getValue())));
            }
        }
        endpoints.sort(Comparator.comparing(Endpoint::toString));
        return endpoints;
    }

    static List<Endpoint> pages(RequestMappingHandlerMapping mappings) {
        List<Endpoint> endpoints = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String path : info.getPatternValues()) {
                if (path.startsWith("/api/") || path.startsWith("/v3/") || path.startsWith("/swagger-ui")
                        || NOT_PAGES.contains(path)) {
                    continue;
                }
                for (RequestMethod method : methods(info)) {
                    endpoints.add(new Endpoint(method.name(), path, Optional.empty()));
                }
            }
        });
        endpoints.sort(Comparator.comparing(Endpoint::toString));
        return endpoints;
    }

    private static Set<RequestMethod> methods(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        return methods.isEmpty() ? Set.of(RequestMethod.GET) : methods;
    }

    private static Optional<String> bodySchema(JsonNode operation) {
        JsonNode content = operation.path("requestBody").path("content");
        if (content.isMissingNode()) {
            return Optional.empty();
        }
        if (content.has(MULTIPART)) {
            return Optional.of(MULTIPART);
        }
        String ref = content.path("application/json").path("schema").path("$ref").asString("");
        if (ref.isEmpty()) {
            throw new AssertionError("The request body of " + operation + " has no named JSON schema");
        }
        return Optional.of(ref.substring(ref.lastIndexOf('/') + 1));
    }
}
