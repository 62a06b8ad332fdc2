package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network card of a domain on this machine, carried over a Unix socket its QEMU connects to
 * ({@code -netdev stream}): each frame travels as a 4-byte big-endian length and the frame. The socket takes one
 * connection, the one QEMU makes as the domain starts, and then leaves the file system, so nobody else can join the
 * card; its folder is the console's own (0700). A length outside an Ethernet frame's bounds ends the card's
 * connection (nothing but a broken or hostile QEMU sends one). Frames for the guest wait in a bounded queue; when
 * QEMU does not keep up, new ones are dropped, as a full NIC ring drops them.
 */
final class NicSocket implements AutoCloseable {
    /** An Ethernet header; the largest frame QEMU's stream backend passes is below 64 KiB plus headers. */
    static final int MIN_FRAME = 14, MAX_FRAME = 65_550;
    private static final int QUEUE = 512;
    private static final Logger log = LoggerFactory.getLogger(NicSocket.class);

    private final Path path;
    private final ServerSocketChannel listener;
    private final BlockingQueue<byte[]> toGuest = new ArrayBlockingQueue<>(QUEUE);
    private volatile SocketChannel channel;
    private volatile boolean closed;

    private NicSocket(Path path, ServerSocketChannel listener) {
        this.path = path;
        this.listener = listener;
    }

    /** Listens at {@code path}; frames QEMU sends go to {@code fromGuest} on a thread of the socket's own. */
    static NicSocket listen(Path path, String name, Consumer<ByteBuffer> fromGuest) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            listener.bind(UnixDomainSocketAddress.of(path), 1);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        NicSocket socket = new NicSocket(path, listener);
        Thread.ofVirtual().name(name).start(() -> socket.serve(fromGuest));
        return socket;
    }

    Path path() {
        return path;
    }

    /** A frame for the guest, from the buffer's position to its limit; never blocks. */
    void deliver(ByteBuffer frame) {
        byte[] copy = new byte[frame.remaining()];
        frame.duplicate().get(copy);
        toGuest.offer(copy);
    }

    private void serve(Consumer<ByteBuffer> fromGuest) {
        try (SocketChannel accepted = listener.accept()) {
            channel = accepted;
            stopListening();
            Thread.ofVirtual().name(Thread.currentThread().getName() + "-out").start(this::write);
            ByteBuffer length = ByteBuffer.allocate(4);
            ByteBuffer frame = ByteBuffer.allocate(MAX_FRAME);
            while (readFully(accepted, length.clear())) {
                int size = length.flip().getInt();
                if (size < MIN_FRAME || size > MAX_FRAME) {
                    log.warn("Network card socket {} sent a frame of {} bytes; its connection is closed", path, size);
                    return;
                }
                if (!readFully(accepted, frame.clear().limit(size))) {
                    return;
                }
                fromGuest.accept(frame.flip());
            }
        } catch (IOException e) {
            if (!closed) {
                log.debug("Network card socket {} ended", path, e);
            }
        } finally {
            close();
        }
    }

    private void write() {
        try {
            while (!closed) {
                byte[] frame = toGuest.take();
                if (closed) {
                    return;
                }
                ByteBuffer out = ByteBuffer.allocate(4 + frame.length).putInt(frame.length).put(frame).flip();
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            }
        } catch (IOException | InterruptedException e) {
            close();
        }
    }

    private static boolean readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    private void stopListening() {
        try {
            listener.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("Could not remove network card socket {}", path, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        stopListening();
        SocketChannel open = channel;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                log.debug("Closing network card socket {} failed", path, e);
            }
        }
        toGuest.offer(new byte[0]);
    }
}
