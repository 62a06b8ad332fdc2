package io.vireo.engine.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import io.vireo.engine.testing.SerialTranscript;

import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** The serial line of a guest process (QEMU's stdio), as a {@link SerialTranscript}. */
final class SerialConsole {
    private final SerialTranscript transcript;

    SerialConsole(Process process) {
        OutputStream input = process.getOutputStream();
        this.transcript = new SerialTranscript(bytes -> {
            try {
                input.write(bytes);
                input.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread reader = Thread.ofVirtual().start(() -> pump(process.getInputStream()));
        reader.setName("serial-reader");
    }

    /** Waits until {@code pattern} appears after the previous match and returns the match. */
    String await(Pattern pattern, Instant deadline) throws InterruptedException, TimeoutException {
        return transcript.await(pattern, deadline).group();
    }

    void type(String line) throws IOException {
        try {
            transcript.type(line);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    String transcript() {
        return transcript.transcript();
    }

    String tail() {
        return transcript.tail();
    }

    private void pump(InputStream output) {
        byte[] buffer = new byte[4096];
        try (output) {
            int n;
            while ((n = output.read(buffer)) > 0) {
                transcript.append(buffer, n);
            }
        } catch (IOException ignored) {
            // the guest is gone; what it printed stays in the transcript
        }
    }
}
