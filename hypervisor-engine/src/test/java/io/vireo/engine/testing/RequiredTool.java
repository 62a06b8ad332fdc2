package io.vireo.engine.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An external program a test runs, looked up on the PATH. A missing one fails the test with one line
 * naming the Debian package it comes with, instead of an exception from deep inside the test.
 */
public final class RequiredTool {
    private RequiredTool() {
    }

    /** The program's path; fails the test (never skips it) when the program is not installed. */
    public static Path require(String program, String debianPackage) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return Path.of(directory, program);
            }
        }
        throw new Missing(program + " is not installed: it comes with the Debian package " + debianPackage
                + " (./vireo-test installs it)");
    }

    /** A test failure whose message says it all: no stack trace to scroll through. */
    private static final class Missing extends AssertionError {
        Missing(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
