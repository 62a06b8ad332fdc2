package io.vireo.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** The serial line of a guest process (QEMU's stdio), as a {@link SerialTranscript}. */
public final class SerialConsole {
    private final SerialTranscript transcript;

    public SerialConsole(Process process) {
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

    /** The transcript itself, for code that serves Vireo's serial lines and QEMU's alike. */
    public SerialTranscript transcriptOf() {
        return transcript;
    }

    /** Waits until {@code pattern} appears after the previous match and returns the match. */
    public String await(Pattern pattern, Instant deadline) throws InterruptedException, TimeoutException {
        return transcript.await(pattern, deadline).group();
    }

    public void type(String line) throws IOException {
        try {
            transcript.type(line);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public String transcript() {
        return transcript.transcript();
    }

    public String tail() {
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
