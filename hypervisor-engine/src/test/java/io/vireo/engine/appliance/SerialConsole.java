package io.vireo.engine.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The serial line of a guest process: everything it printed so far, waiting for text to appear, typing lines. */
final class SerialConsole {
    private final StringBuilder transcript = new StringBuilder();
    private final OutputStream input;
    private int consumed;

    SerialConsole(Process process) {
        this.input = process.getOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> pump(process.getInputStream()));
        reader.setName("serial-reader");
    }

    /** Waits until {@code pattern} appears after the previous match and returns the match. */
    String await(Pattern pattern, Instant deadline) throws InterruptedException, TimeoutException {
        synchronized (transcript) {
            while (true) {
                Matcher matcher = pattern.matcher(transcript);
                if (matcher.find(consumed)) {
                    consumed = matcher.end();
                    return matcher.group();
                }
                long wait = Duration.between(Instant.now(), deadline).toMillis();
                if (wait <= 0) {
                    throw new TimeoutException("no " + pattern + " on the serial console; it printed:\n" + tail());
                }
                transcript.wait(wait);
            }
        }
    }

    void type(String line) throws IOException {
        input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    String transcript() {
        synchronized (transcript) {
            return transcript.toString();
        }
    }

    String tail() {
        String text = transcript();
        return text.substring(Math.max(0, text.length() - 3000));
    }

    private void pump(InputStream output) {
        byte[] buffer = new byte[4096];
        try (output) {
            int n;
            while ((n = output.read(buffer)) > 0) {
                synchronized (transcript) {
                    transcript.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    transcript.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the guest is gone; what it printed stays in the transcript
        }
    }
}
