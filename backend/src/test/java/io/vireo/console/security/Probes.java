package io.vireo.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.util.UriComponentsBuilder;

import io.vireo.console.security.Surface.Endpoint;

/**
 * The probes of one sweep at the victim's objects, and everything that came back wrong: an unexpected status,
 * an API error that is not a problem document, a 500, or a name of the victim's shown to the prober. A sweep
 * reports all its findings at once.
 */
final class Probes {
    private final MockMvc mvc;
    private final Victim victim;
    private final List<String> wrong = new ArrayList<>();

    Probes(MockMvc mvc, Victim victim) {
        this.mvc = mvc;
        this.victim = victim;
    }

    /** Sends the endpoint's example request, with the victim's ids, as {@code who}. */
    MockHttpServletResponse send(Endpoint endpoint, RequestPostProcessor who, boolean withCsrf) throws Exception {
        boolean upload = endpoint.bodySchema().filter(Surface.MULTIPART::equals).isPresent();
        AbstractMockHttpServletRequestBuilder<?> request = upload
                ? MockMvcRequestBuilders.multipart(HttpMethod.valueOf(endpoint.method()), victim.resolve(endpoint.path()))
                        .file(new MockMultipartFile("file", new byte[0]))
                : MockMvcRequestBuilders.request(HttpMethod.valueOf(endpoint.method()), victim.resolve(endpoint.path()));
        request.with(who);
        if (withCsrf) {
            request.with(csrf());
        }
        String body = Examples.body(endpoint);
        if (upload) {
            UriComponentsBuilder.fromUriString("?" + victim.fill(body)).build().getQueryParams()
                    .forEach((name, values) -> request.param(name, values.toArray(String[]::new)));
        } else if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(victim.fill(body));
        } else if (endpoint.changes() && !endpoint.path().startsWith("/api/")) {
            request.contentType(MediaType.APPLICATION_FORM_URLENCODED).content(victim.fill(Examples.form(endpoint)));
        }
        MockHttpServletResponse answer = mvc.perform(request).andReturn().getResponse();
        showsNothingOfTheVictim(endpoint, answer);
        return answer;
    }

    /** Sends with a CSRF token and expects one of {@code statuses}, an API error being a problem document. */
    MockHttpServletResponse expect(Endpoint endpoint, RequestPostProcessor who, Integer... statuses) throws Exception {
        MockHttpServletResponse answer = send(endpoint, who, true);
        int status = answer.getStatus();
        if (!Arrays.asList(statuses).contains(status)) {
            found(endpoint + " answered " + status + " instead of " + Arrays.toString(statuses) + ": "
                    + abbreviate(answer.getContentAsString()));
        } else if (endpoint.path().startsWith("/api/") && status >= 400 && status != 401
                && !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(MediaType.valueOf(answer.getContentType()))) {
            found(endpoint + " answered " + status + " as " + answer.getContentType() + ", not a problem");
        }
        return answer;
    }

    /** Sends without a CSRF token, as a page elsewhere riding on the session cookie would: refused for that. */
    void expectCsrfRefusal(Endpoint endpoint, RequestPostProcessor who) throws Exception {
        MockHttpServletResponse answer = send(endpoint, who, false);
        boolean forCsrf = !endpoint.path().startsWith("/api/") || answer.getContentAsString().contains("CSRF");
        if (answer.getStatus() != 403 || !forCsrf) {
            found(endpoint + " answered " + answer.getStatus() + " without a CSRF token: "
                    + abbreviate(answer.getContentAsString()));
        }
    }

    void found(String finding) {
        wrong.add(finding);
    }

    void assertNothingFound(String sweep) {
        assertThat(wrong).as(sweep).isEmpty();
    }

    private void showsNothingOfTheVictim(Endpoint endpoint, MockHttpServletResponse answer) throws Exception {
        if (answer.getStatus() >= 500) {
            found(endpoint + " failed with " + answer.getStatus() + ": " + abbreviate(answer.getContentAsString()));
        }
        String text = answer.getContentAsString();
        for (String name : victim.secretNames()) {
            if (Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])").matcher(text).find()) {
                found(endpoint + " showed the victim's " + name);
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
