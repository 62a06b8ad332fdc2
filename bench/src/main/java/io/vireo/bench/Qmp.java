package io.vireo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A QEMU Machine Protocol connection over a UNIX socket ({@code -qmp unix:PATH,server=on,wait=off}), just
 * enough for the benchmarks: a command, and its answer as text (events that arrive in between are skipped).
 */
final class Qmp implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final Writer out;

    private Qmp(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newWriter(channel, StandardCharsets.UTF_8);
        in.readLine();
        execute("{\"execute\":\"qmp_capabilities\"}");
    }

    /** Connects once QEMU has created the socket, within {@code timeout}. */
    static Qmp connect(Path socket, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return new Qmp(channel);
            } catch (IOException e) {
                channel.close();
                if (System.nanoTime() > deadline) {
                    throw new IOException("no QMP socket at " + socket + " within " + timeout, e);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Sends one command and returns its answer line ({@code {"return": …}}); an error answer is thrown. */
    String execute(String command) throws IOException {
        out.write(command + "\n");
        out.flush();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("QEMU closed its QMP socket after " + command);
            }
            if (line.contains("\"error\"")) {
                throw new IOException("QEMU refused " + command + ": " + line);
            }
            if (line.contains("\"return\"")) {
                return line;
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
