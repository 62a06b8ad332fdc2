package io.vireo.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

/** A guest's serial console as a benchmark drives it: type a line, wait for a marker. */
interface GuestConsole extends AutoCloseable {
    void type(String line) throws IOException;

    /** What the guest printed, as it arrives. */
    Matcher output();

    /** Waits until {@code marker} appears (after anything already waited for). */
    default void await(String marker, Duration timeout) throws IOException, InterruptedException {
        output().await(marker, timeout);
    }

    /**
     * Waits until {@code pattern} matches (after anything already waited for) and returns its first group. The
     * output arrives in pieces, so a pattern for a value ends where the value does (a line end), or it may
     * match the first digits alone.
     */
    default String awaitValue(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        return output().awaitValue(pattern, timeout);
    }

    /**
     * Runs a shell command and waits until it succeeded; returns the seconds from typing it to its end. The
     * end marker is split in the typed line, so the line's echo can never match it.
     */
    default double timed(String command, String tag, Duration timeout) throws IOException, InterruptedException {
        type(command + " && echo " + tag + "-\"\"DONE");
        long start = System.nanoTime();
        await(tag + "-DONE", timeout);
        double seconds = (System.nanoTime() - start) / 1e9;
        await("# ", timeout);
        return seconds;
    }

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
