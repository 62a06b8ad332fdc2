package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Stream;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.StreamPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.Pointer;

import io.vireo.console.engine.SerialLog;
import io.vireo.console.hosts.libvirt.ConsoleStreamCalls.ConsoleStreamException;

/**
 * The serial console of one running domain, over the host's libvirt connection (so a remote host's works as a local
 * one's): what the guest prints lands in the VM's {@code serial.log} on the console's machine, its recent tail in
 * memory for the serial view; what users type goes to the guest. The stream is non-blocking and read on libvirt's
 * event loop as bytes arrive, so a silent guest holds neither a thread nor the connection. Reading, sending and
 * ending take turns ({@link #lifecycle}): libvirt's stream must not be freed while another thread is in a call on it.
 */
final class SerialStream {
    private static final Logger log = LoggerFactory.getLogger(SerialStream.class);
    private static final int READABLE = 1;
    private static final int ERROR = 4;
    private static final int HANGUP = 8;
    /** How long typing waits for a stream that takes no more bytes for now (the guest reads slowly). */
    private static final Duration SEND_WAIT = Duration.ofSeconds(5);

    private final Stream stream;
    private final SerialLog output;
    private final Executor teardown;
    private final Runnable onEnd;
    private final byte[] buffer = new byte[16 << 10];
    /** Held here: JNA lets go of a callback nothing references, and libvirt would call freed code. */
    private final Libvirt.VirStreamEventCallback callback = this::onEvent;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Object lifecycle = new Object();

    private SerialStream(Stream stream, SerialLog output, Executor teardown, Runnable onEnd) {
        this.stream = stream;
        this.teardown = teardown;
        this.output = output;
        this.onEnd = onEnd;
    }

    /**
     * Follows the first console of {@code domain}, adding its output to {@code folder}'s serial log; {@code onEnd} runs
     * once the stream ends (the domain stopped, the connection broke).
     */
    static SerialStream follow(Connect connection, Domain domain, Path folder, Executor teardown, Runnable onEnd)
            throws LibvirtException, ConsoleStreamException, IOException {
        Stream stream = connection.streamNew(Stream.VIR_STREAM_NONBLOCK);
        try {
            ConsoleStreamCalls.open(domain, stream);
            SerialStream serial = new SerialStream(stream, SerialLog.continuing(folder), teardown, onEnd);
            stream.addCallback(READABLE | ERROR | HANGUP, serial.callback);
            return serial;
        } catch (LibvirtException | ConsoleStreamException | IOException | RuntimeException e) {
            stream.free();
            throw e;
        }
    }

    /** On libvirt's event loop thread: takes what arrived, or ends with the stream. */
    private void onEvent(StreamPointer pointer, int events, Pointer opaque) {
        synchronized (lifecycle) {
            if (open.get()) {
                take(events);
            }
        }
    }

    private void take(int events) {
        try {
            if ((events & READABLE) != 0) {
                int n;
                while ((n = ConsoleStreamCalls.receive(stream, buffer)) > 0) {
                    for (int i = 0; i < n; i++) {
                        output.append(buffer[i] & 0xFF);
                    }
                }
                if (n == 0) {
                    end();
                }
            }
            if ((events & (ERROR | HANGUP)) != 0) {
                end();
            }
        } catch (ConsoleStreamException e) {
            log.debug("A serial console stream failed: {}", e.getMessage());
            end();
        }
    }

    String tail() {
        return output.tail();
    }

    boolean isOpen() {
        return open.get();
    }

    /** Sends {@code bytes} to the guest, waiting a little while the stream takes no more; on the teardown thread. */
    synchronized void type(byte[] bytes) throws ConsoleStreamException {
        long deadline = System.nanoTime() + SEND_WAIT.toNanos();
        int sent = 0;
        while (sent < bytes.length) {
            int n;
            synchronized (lifecycle) {
                if (!open.get()) {
                    throw new ConsoleStreamException("the serial console ended");
                }
                n = ConsoleStreamCalls.send(stream, sent == 0 ? bytes : Arrays.copyOfRange(bytes, sent, bytes.length));
            }
            if (n == ConsoleStreamCalls.AGAIN) {
                if (System.nanoTime() > deadline) {
                    throw new ConsoleStreamException("the guest took no input for " + SEND_WAIT.toSeconds() + " s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            } else {
                sent += n;
            }
        }
    }

    /**
     * Stops following: no more callbacks at once (a call that waits for nothing, so the event loop may make it), then
     * the stream aborted and freed and the log closed on {@code teardown}, the thread that makes the calls that wait
     * for the daemon; then {@code onEnd} runs.
     */
    void end() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        try {
            stream.removeCallback();
        } catch (LibvirtException e) {
            log.debug("The serial console stream was gone already", e);
        }
        try {
            teardown.execute(this::release);
        } catch (RejectedExecutionException hostClosed) {
            // the host's serial connection is closed, and the stream with it
        }
    }

    private void release() {
        synchronized (lifecycle) {
            try {
                stream.abort();
            } catch (LibvirtException e) {
                log.debug("The serial console stream was gone already", e);
            }
            try {
                stream.free();
            } catch (LibvirtException e) {
                log.debug("Freeing a serial console stream failed", e);
            }
            output.close();
        }
        onEnd.run();
    }
}
