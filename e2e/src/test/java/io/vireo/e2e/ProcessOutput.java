package io.vireo.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process's output, copied line by line to a log file and to the test's output (Surefire keeps
 * it with the report) and kept in memory so the test can wait for a line.
 */
final class ProcessOutput {

    private final List<String> lines = new ArrayList<>();
    private final Process process;
    private boolean ended;

    private ProcessOutput(Process process) {
        this.process = process;
    }

    static ProcessOutput follow(Process process, String name, Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        ProcessOutput output = new ProcessOutput(process);
        Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name(name + "-output").start(() -> output.copy(name, log));
        return output;
    }

    private void copy(String name, Writer log) {
        try (log; BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                log.write(line);
                log.write('\n');
                log.flush();
                System.out.println("[" + name + "] " + line);
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** The first line matching the pattern, waiting for it while the process runs. */
    synchronized Matcher await(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int seen = 0; ; ) {
            for (; seen < lines.size(); seen++) {
                Matcher matcher = pattern.matcher(lines.get(seen));
                if (matcher.find()) {
                    return matcher;
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                fail((ended ? "the process ended" : "timed out") + " before printing a line matching " + pattern);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
