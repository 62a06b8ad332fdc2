package io.vireo.engine.network.gateway;

import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.frame.FrameException;
import io.vireo.engine.network.frame.IcmpMessage;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Guests' pings beyond the gateway, sent through one host ICMP socket per network. Each echo goes out with
 * a sequence number of ours (guests' identifiers and sequences may collide) and its reply is matched back by
 * it and by the address that answered. Without an ICMP socket (the process may open neither a ping nor a raw
 * socket) pings are dropped and counted. The socket is outside the selector, so it is polled while replies
 * are awaited.
 */
final class OutsidePing implements AutoCloseable {
    /** Where replies go: to the guest that pinged, as from the pinged address. */
    @FunctionalInterface
    interface Replies {
        void reply(PingKey key, int sequence, byte[] data, int offset, int length);
    }

    private record Pending(PingKey key, int sequence, long deadline) {
    }

    private static final int MAX_PENDING = 1024;
    private static final int MAX_PENDING_PER_GUEST = 64;
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final int IP_HEADER_LENGTH_MASK = 0xF;

    private final Optional<IcmpSocket> socket;
    private final Replies replies;
    private final int identifier = ThreadLocalRandom.current().nextInt(1, 0x10000);
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Map<MacAddress, Integer> perGuest = new HashMap<>();
    private final byte[] packet = new byte[65536];
    private final int[] from = new int[1];
    private int nextSequence;
    private long dropped;

    private OutsidePing(Optional<IcmpSocket> socket, Replies replies) {
        this.socket = socket;
        this.replies = replies;
    }

    static OutsidePing open(Replies replies) {
        return new OutsidePing(IcmpSocket.open(), replies);
    }

    /** Whether pings can leave at all. */
    boolean available() {
        return socket.isPresent();
    }

    void send(PingKey key, int sequence, byte[] data, int offset, int length) {
        if (socket.isEmpty() || pending.size() >= MAX_PENDING
                || perGuest.getOrDefault(key.guestMac(), 0) >= MAX_PENDING_PER_GUEST) {
            dropped++;
            return;
        }
        int ours = nextSequence++ & 0xFFFF;
        byte[] message = new byte[IcmpMessage.HEADER + length];
        System.arraycopy(data, offset, message, IcmpMessage.HEADER, length);
        int messageLength = IcmpMessage.writeEcho(message, 0, IcmpMessage.ECHO_REQUEST, identifier, ours, length);
        if (!socket.get().send(key.remoteIp(), message, messageLength)) {
            dropped++;
            return;
        }
        Pending previous = pending.put(ours, new Pending(key, sequence, System.nanoTime() + TIMEOUT_NANOS));
        if (previous != null) {
            release(previous);
        }
        perGuest.merge(key.guestMac(), 1, Integer::sum);
    }

    /** Takes the replies that came and forgets the pings that got none; returns when it wants to look again. */
    long tick(long now) {
        if (socket.isEmpty() || pending.isEmpty()) {
            return Long.MAX_VALUE;
        }
        for (int length = socket.get().receive(packet, from); length >= 0; length = socket.get().receive(packet, from)) {
            takeReply(length);
        }
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending waiting = it.next();
            if (now - waiting.deadline() > 0) {
                it.remove();
                release(waiting);
            }
        }
        return pending.isEmpty() ? Long.MAX_VALUE : POLL_NANOS;
    }

    private void takeReply(int length) {
        int start = socket.get().raw() ? (packet[0] & IP_HEADER_LENGTH_MASK) * 4 : 0;
        if (start > length) {
            return;
        }
        try {
            IcmpMessage reply = IcmpMessage.parse(packet, start, length - start);
            // A raw socket sees every echo reply the host gets; a ping socket's identifier is the kernel's.
            if (reply.type() != IcmpMessage.ECHO_REPLY || socket.get().raw() && reply.identifier() != identifier) {
                return;
            }
            Pending waiting = pending.get(reply.sequence());
            if (waiting == null || waiting.key().remoteIp().bits() != from[0]) {
                return;
            }
            pending.remove(reply.sequence());
            release(waiting);
            replies.reply(waiting.key(), waiting.sequence(), packet, reply.payloadOffset(), reply.payloadLength());
        } catch (FrameException e) {
            // Not an echo reply of ours.
        }
    }

    private void release(Pending done) {
        perGuest.computeIfPresent(done.key().guestMac(), (mac, count) -> count > 1 ? count - 1 : null);
    }

    long dropped() {
        return dropped;
    }

    @Override
    public void close() {
        socket.ifPresent(IcmpSocket::close);
        pending.clear();
    }
}
