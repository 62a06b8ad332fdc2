package io.vireo.engine.network.gateway;

import io.vireo.engine.host.Libc;
import io.vireo.engine.network.Ipv4Address;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * A non-blocking host socket for ICMP echo, through libc (the JDK has none): a Linux ping socket
 * ({@code SOCK_DGRAM, IPPROTO_ICMP}, allowed by {@code net.ipv4.ping_group_range}) when the process may open
 * one, else a raw ICMP socket (root or CAP_NET_RAW). A raw socket sees every ICMP packet the host receives
 * with its IP header in front; a ping socket sees only its own replies, without it.
 */
final class IcmpSocket implements AutoCloseable {
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int IPPROTO_ICMP = 1;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int SOCKADDR_IN = 16;
    private static final int BUFFER = 65536;
    private static final ValueLayout.OfInt BIG_ENDIAN_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final MethodHandle SOCKET = Libc.function("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SENDTO = Libc.function("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVFROM = Libc.function("recvfrom", FunctionDescriptor.of(
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private final int fd;
    private final boolean raw;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(BUFFER);
    private final MemorySegment address = arena.allocate(SOCKADDR_IN);
    private final MemorySegment addressLength = arena.allocate(ValueLayout.JAVA_INT);

    private IcmpSocket(int fd, boolean raw) {
        this.fd = fd;
        this.raw = raw;
    }

    /** A ping socket, else a raw socket, else empty: this process may not send ICMP. */
    static Optional<IcmpSocket> open() {
        for (int type : new int[] {SOCK_DGRAM, SOCK_RAW}) {
            try {
                int fd = (int) SOCKET.invokeExact(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
                if (fd >= 0) {
                    return Optional.of(new IcmpSocket(fd, type == SOCK_RAW));
                }
            } catch (Throwable t) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether what {@link #receive} returns starts with an IP header (raw), not the ICMP message. */
    boolean raw() {
        return raw;
    }

    /** Sends an ICMP message to {@code to}; returns whether the host took it. */
    boolean send(Ipv4Address to, byte[] message, int length) {
        MemorySegment.copy(message, 0, buffer, ValueLayout.JAVA_BYTE, 0, length);
        address.fill((byte) 0);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
        address.set(BIG_ENDIAN_INT, 4, to.bits());
        try {
            return (long) SENDTO.invokeExact(fd, buffer, (long) length, 0, address, SOCKADDR_IN) == length;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Takes one waiting packet into {@code into}; returns its length, or -1 when none waits. {@code from[0]}
     * gets the sender's address bits.
     */
    int receive(byte[] into, int[] from) {
        addressLength.set(ValueLayout.JAVA_INT, 0, SOCKADDR_IN);
        try {
            long length = (long) RECVFROM.invokeExact(fd, buffer, (long) Math.min(into.length, BUFFER), MSG_DONTWAIT,
                    address, addressLength);
            if (length < 0) {
                return -1;
            }
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, 0, (int) length);
            from[0] = address.get(BIG_ENDIAN_INT, 4);
            return (int) length;
        } catch (Throwable t) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            Libc.close(fd);
        } finally {
            arena.close();
        }
    }
}
