package io.vireo.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

/** A guest's serial console as a benchmark drives it: type a line, wait for a marker. */
interface GuestConsole extends AutoCloseable {
    void type(String line) throws IOException;

    /** Waits until {@code marker} appears (after anything already waited for). */
    void await(String marker, Duration timeout) throws IOException, InterruptedException;

    /** Waits until {@code pattern} matches (after anything already waited for) and returns its first group. */
    String awaitValue(Pattern pattern, Duration timeout) throws IOException, InterruptedException;

    @Override
    void close() throws IOException, InterruptedException;

    /** Accumulates console bytes and lets a waiter find a marker in them, once each. */
    final class Matcher {
        private final StringBuilder seen = new StringBuilder();
        private int from;

        synchronized void add(int b) {
            seen.append((char) (b & 0xFF));
            notifyAll();
        }

        synchronized void await(String marker, Duration timeout) throws IOException, InterruptedException {
            awaitValue(Pattern.compile("()" + Pattern.quote(marker)), timeout);
        }

        synchronized String awaitValue(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                java.util.regex.Matcher match = pattern.matcher(seen);
                if (match.find(from)) {
                    from = match.end();
                    return match.group(1);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no '" + pattern + "' on the console within " + timeout + "; last output:\n"
                            + seen.substring(Math.max(0, seen.length() - 2000)));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
