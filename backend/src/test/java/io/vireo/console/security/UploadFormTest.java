package io.vireo.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.vireo.console.Fixtures;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.User;

/**
 * A page's upload form through the real server: the console reads the multipart body itself, so the form's CSRF
 * field, which travels in that body, is seen by the security filters; without it the upload is refused.
 */
@RedTeamTest
class UploadFormTest {
    private static final String BOUNDARY = "vireo-form-boundary";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;

    @Test
    void theImagesPagesUploadFormIsTakenWithItsCsrfFieldInTheBodyAndRefusedWithout() throws Exception {
        Team team = fixtures.team();
        fixtures.grantDatastore(team);
        User owner = fixtures.member(team, TeamRole.OWNER);
        Browser browser = new Browser(port).signIn(owner.getUsername(), Fixtures.PASSWORD);
        String csrf = browser.csrfOf("/images");

        HttpResponse<String> taken = browser.post("/images/upload", "multipart/form-data; boundary=" + BOUNDARY,
                form(csrf, team, Fixtures.unique("form") + ".iso"));
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(302);
        assertThat(taken.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/tasks/"));

        HttpResponse<String> forged = browser.post("/images/upload", "multipart/form-data; boundary=" + BOUNDARY,
                form("not-the-token", team, Fixtures.unique("forged") + ".iso"));
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    /** The upload form as a browser sends it: its CSRF field, the kind and team, and an ISO image of two blocks. */
    private static byte[] form(String csrf, Team team, String fileName) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        field(body, "_csrf", csrf);
        field(body, "kind", "ISO");
        field(body, "teamId", team.getId().toString());
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[4096]);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static void field(ByteArrayOutputStream body, String name, String value) {
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
