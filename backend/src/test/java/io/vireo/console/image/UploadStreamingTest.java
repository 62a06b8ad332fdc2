package io.vireo.console.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.Fixtures;
import io.vireo.console.authentication.ApiTokenService;
import io.vireo.console.authentication.TokenRequest;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.User;
import jakarta.servlet.ServletContext;

/**
 * Through the real server, as a script sends them: a multipart upload streams through the console's own reading, and
 * one sent chunked (no length to refuse up front) that passes the upload limit is refused with 413 and leaves no file
 * in the console's spool folder, the datastore or the servlet container's temp folder; nor does a form of more parts
 * than any package has.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:vireo-upload-streaming;DB_CLOSE_DELAY=-1",
        "vireo.images.max-upload-size=1MB"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class UploadStreamingTest {
    private static final String BOUNDARY = "vireo-test-boundary";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    DatastoreRepository datastores;
    @Autowired
    ServletContext servletContext;
    @Value("${vireo.data-dir}")
    Path dataDir;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    Team team;
    String secret;

    @BeforeEach
    void aTeamOwnerWithAToken() {
        team = fixtures.team();
        fixtures.grantDatastore(team);
        User owner = fixtures.member(team, TeamRole.OWNER);
        secret = fixtures.as(owner.getUsername(), () -> tokens.issue(new TokenRequest("uploads", 1))).secret();
    }

    @Test
    void aChunkedUploadPastTheLimitIsRefusedThereAndLeavesNoFileAnywhere() throws Exception {
        List<Path> containerFilesBefore = files(containerTemp());
        for (String path : List.of("/api/v1/images/upload?kind=ISO&teamId=" + team.getId(),
                "/api/v1/imports?teamId=" + team.getId())) {
            HttpResponse<String> answer = send(path, "big.iso", 3L << 20);

            assertThat(answer.statusCode()).as(path).isEqualTo(413);
            assertThat(answer.body()).contains("1 MiB");
            assertThat(files(dataDir.resolve("upload-spool"))).as(path).isEmpty();
            assertThat(files(containerTemp())).as(path).isEqualTo(containerFilesBefore);
            try (Stream<Path> staged = Files.list(datastores.findAll().getFirst().directory())) {
                assertThat(staged.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.startsWith(".upload-") || n.startsWith(".import-"));
            }
        }
    }

    @Test
    void anUploadWithinTheLimitIsReadByTheConsoleAndItsSpooledPartIsGoneAfterwards() throws Exception {
        HttpResponse<String> answer = send("/api/v1/images/upload?kind=ISO&teamId=" + team.getId(),
                Fixtures.unique("streamed") + ".iso", 64 * 2048);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        fixtures.awaitSucceeded(JsonPath.<Number>read(answer.body(), "$.id").longValue());
        assertThat(files(dataDir.resolve("upload-spool"))).isEmpty();
    }

    @Test
    void aFormOfCountlessTinyPartsIsRefusedWithoutKeepingAny() throws Exception {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i <= MultipartSpooling.MAX_PARTS; i++) {
            form.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"part")
                    .append(i).append(".vmdk\"\r\n\r\nx\r\n");
        }
        form.append("--").append(BOUNDARY).append("--\r\n");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/imports?teamId="
                        + team.getId()))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + secret)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();

        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("more than " + MultipartSpooling.MAX_PARTS + " parts");
        assertThat(files(dataDir.resolve("upload-spool"))).isEmpty();
    }

    /** A multipart form with one file part of {@code size} bytes, sent chunked: the request announces no length. */
    private HttpResponse<String> send(String path, String fileName, long size) throws IOException,
            InterruptedException {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + secret)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        new SequenceInputStream(new ByteArrayInputStream(head), blocks(size)),
                        new ByteArrayInputStream(tail))))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code size} bytes of a repeating pattern, made as they are read. */
    private static InputStream blocks(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? (int) (left & 0x7f) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((left - i) & 0x7f);
                }
                left -= n;
                return n;
            }
        };
    }

    private Path containerTemp() {
        return ((File) servletContext.getAttribute(ServletContext.TEMPDIR)).toPath();
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
