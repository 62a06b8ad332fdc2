package io.vireo.console.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The engine module is the console's only door to the hypervisor engine (ARCHITECTURE.md, "The console"). */
class EngineBoundaryTest {
    private static final Path SOURCES = Path.of("src/main/java/io/vireo/console");

    @Test
    void onlyTheEngineModuleUsesTheHypervisorEngine() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(SOURCES.resolve("engine")))
                    .filter(EngineBoundaryTest::usesTheEngine)
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }

    private static boolean usesTheEngine(Path file) {
        try {
            return Files.readString(file).contains("io.vireo.engine.");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
