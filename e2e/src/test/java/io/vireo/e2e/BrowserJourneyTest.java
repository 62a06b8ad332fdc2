package io.vireo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code journey.mjs} (Playwright driving Chromium) against the real console jar, started fresh on
 * a free port with an empty data folder, so the journey sees exactly what a first-time administrator
 * sees. Without Node's packages or Chromium the test is skipped on a developer machine and fails when
 * {@code CI} is set, so CI cannot pass without having run it.
 */
class BrowserJourneyTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path CONSOLE_JAR = MODULE.resolve("../backend/target/vireo-console.jar").normalize();
    private static final Path JOURNEY = MODULE.resolve("journey.mjs");
    private static final Path PLAYWRIGHT = MODULE.resolve("node_modules/playwright-core/package.json");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of(System.getenv().getOrDefault("VIREO_E2E_SCREENSHOTS",
            MODULE.resolve("target/screenshots").toString()));
    private static final Pattern FIRST_START_PASSWORD = Pattern.compile("password:\\s+(\\S+)");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void adminRunsAVmInTheBrowserAndAnotherTeamCannotReachIt(@TempDir Path dataDir) throws Exception {
        requireTools();
        int port = freePort();
        String baseUrl = "http://localhost:" + port;
        Process console = new ProcessBuilder(javaCommand(), "-jar", CONSOLE_JAR.toString(), "--server.port=" + port,
                "--vireo.data-dir=" + dataDir)
                .redirectErrorStream(true)
                .start();
        // An interrupted build must not leave a console holding a port and running a VM.
        Thread stopOnExit = new Thread(console::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            ProcessOutput consoleLog = ProcessOutput.follow(console, "console", MODULE.resolve("target/e2e-console.log"));
            String password = consoleLog.await(FIRST_START_PASSWORD, Duration.ofMinutes(3)).group(1);
            awaitHttp(baseUrl + "/login", Duration.ofMinutes(2));

            Files.createDirectories(SCREENSHOTS);
            Process journey = new ProcessBuilder("node", JOURNEY.toString(), baseUrl, password, SCREENSHOTS.toString())
                    .directory(MODULE.toFile())
                    .redirectErrorStream(true)
                    .start();
            ProcessOutput.follow(journey, "journey", MODULE.resolve("target/e2e-journey.log"));
            if (!journey.waitFor(9, TimeUnit.MINUTES)) {
                journey.destroyForcibly();
                fail("journey.mjs did not finish within 9 minutes; screenshots in " + SCREENSHOTS);
            }
            assertEquals(0, journey.exitValue(),
                    "journey.mjs failed: its output is above and in target/e2e-journey.log, screenshots in " + SCREENSHOTS);
        } finally {
            stop(console);
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    private static void requireTools() {
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(CONSOLE_JAR)) {
            missing.add(CONSOLE_JAR + " (build it: mvn -B -DskipTests package)");
        }
        if (!Files.isRegularFile(PLAYWRIGHT)) {
            missing.add("e2e/node_modules (npm ci --prefix e2e --cache ~/.cache/vireo/npm, which ./vireo-test runs)");
        }
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (Debian package chromium, which ./vireo-test installs)");
        }
        if (!onPath("node")) {
            missing.add("node on the PATH (Debian package nodejs, which ./vireo-test installs with npm)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "The browser journey needs " + String.join(", ", missing);
        if (System.getenv("CI") != null) {
            fail(message + "; CI is set, so this is a failure, not a skip");
        }
        Assumptions.abort(message + "; skipped on this machine");
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** The JDK running this test is the one the build chose (JAVA_HOME), so the console gets the same. */
    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitHttp(String url, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The port opens a moment after the password is printed.
            }
            Thread.sleep(500);
        }
        fail(url + " did not answer 200 within " + timeout.toSeconds() + " s");
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
