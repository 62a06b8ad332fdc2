package io.vireo.engine.appliance.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program to completion with a time limit, keeping its combined output for error messages. */
public final class CommandRunner {

    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Duration timeout;

    public CommandRunner(Duration timeout) {
        this.timeout = timeout;
    }

    public Result run(Path workingDirectory, List<String> command) throws IOException {
        Path log = Files.createTempFile("vireo-cmd", ".log");
        try {
            int exitCode = run(workingDirectory, command, log, true);
            return new Result(exitCode, tail(Files.readString(log, StandardCharsets.UTF_8)));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Runs the command with its standard output going to {@code output} (for output too large to keep in
     * memory); its error output is discarded. Returns the exit code.
     */
    int runTo(Path workingDirectory, List<String> command, Path output) throws IOException {
        return run(workingDirectory, command, output, false);
    }

    private int run(Path workingDirectory, List<String> command, Path output, boolean withErrors) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(withErrors)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (!withErrors) {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.getFirst() + " did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
        return process.exitValue();
    }

    private static String tail(String output) {
        String trimmed = output.strip();
        return trimmed.length() <= 2000 ? trimmed : "..." + trimmed.substring(trimmed.length() - 2000);
    }
}
