package io.vireo.console.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialLogTest {

    @Test
    void aStreamTakenUpAgainShowsWhatTheGuestPrintedBeforeItAndGoesOnInTheSameFile(@TempDir Path folder)
            throws Exception {
        try (SerialLog first = SerialLog.continuing(folder)) {
            print(first, "OpenSBI v1.5\nVIREO-READY\n");
        }
        try (SerialLog again = SerialLog.continuing(folder)) {
            print(again, "after the restore\n");
            assertThat(again.tail()).isEqualTo("OpenSBI v1.5\nVIREO-READY\nafter the restore\n");
        }
        assertThat(SerialLog.tailOf(folder)).isEqualTo("OpenSBI v1.5\nVIREO-READY\nafter the restore\n");
    }

    private static void print(SerialLog log, String text) {
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            log.append(b & 0xFF);
        }
    }
}
