package io.vireo.engine.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A guest's serial line in a test: everything it printed, waiting for text to appear, typing lines. */
public final class SerialTranscript {
    private final StringBuilder transcript = new StringBuilder();
    private final Consumer<byte[]> keyboard;
    private int consumed;

    /** @param keyboard where typed bytes go (the guest's serial input) */
    public SerialTranscript(Consumer<byte[]> keyboard) {
        this.keyboard = keyboard;
    }

    public void append(int b) {
        synchronized (transcript) {
            transcript.append((char) (b & 0xFF));
            transcript.notifyAll();
        }
    }

    public void append(byte[] bytes, int length) {
        synchronized (transcript) {
            transcript.append(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
            transcript.notifyAll();
        }
    }

    /** Waits until {@code pattern} appears after the previous match and returns the match. */
    public Matcher await(Pattern pattern, Instant deadline) throws InterruptedException, TimeoutException {
        synchronized (transcript) {
            while (true) {
                Matcher matcher = pattern.matcher(transcript);
                if (matcher.find(consumed)) {
                    consumed = matcher.end();
                    return matcher;
                }
                long wait = Duration.between(Instant.now(), deadline).toMillis();
                if (wait <= 0) {
                    throw new TimeoutException("no " + pattern + " on the serial console; it printed:\n" + tail());
                }
                transcript.wait(wait);
            }
        }
    }

    /** Types a command line (with the carriage return a terminal's Enter sends). */
    public void type(String line) {
        keyboard.accept((line + "\r").getBytes(StandardCharsets.UTF_8));
    }

    public String transcript() {
        synchronized (transcript) {
            return transcript.toString();
        }
    }

    public String tail() {
        String text = transcript();
        return text.substring(Math.max(0, text.length() - 3000));
    }
}
