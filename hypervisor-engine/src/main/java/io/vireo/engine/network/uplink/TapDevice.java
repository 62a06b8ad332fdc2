package io.vireo.engine.network.uplink;

import io.vireo.engine.host.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One open TAP device: a non-blocking file descriptor on {@code /dev/net/tun} bound by {@code TUNSETIFF} to an
 * Ethernet interface of the host ({@code IFF_TAP}, frames without the packet-information prefix:
 * {@code IFF_NO_PI}). A device this opening created is not persistent: the kernel removes it, and takes it out
 * of any bridge, when the descriptor closes. Reads come from one thread; writes from any, one at a time.
 */
final class TapDevice implements AutoCloseable {
    static final Path CLONE_DEVICE = Path.of("/dev/net/tun");
    /** Linux's IFNAMSIZ less the terminating NUL. */
    static final int MAX_NAME = 15;
    /** Read buffer: the largest frame a TAP device can deliver without offloads. */
    private static final int BUFFER = 65_536;

    private static final int O_RDWR = 2;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TAP = 0x0002;
    private static final short IFF_NO_PI = 0x1000;
    private static final short POLLIN = 0x1;

    private static final MethodHandle OPEN = Libc.functionSettingErrno("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = Libc.functionSettingErrno("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle WRITE = Libc.functionSettingErrno("write",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle POLL = Libc.functionSettingErrno("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

    private final int fd;
    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment readBuffer = arena.allocate(BUFFER);
    private final MemorySegment readErrno = Libc.errnoSlot(arena);
    private final MemorySegment pollFd = arena.allocate(8, 4);
    private final MemorySegment writeBuffer = arena.allocate(BUFFER);
    private final MemorySegment writeErrno = Libc.errnoSlot(arena);
    private boolean closed;

    private TapDevice(int fd, String name) {
        this.fd = fd;
        this.name = name;
        pollFd.set(ValueLayout.JAVA_INT, 0, fd);
        pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
    }

    /**
     * Opens the TAP device {@code name}, creating it if absent; a name with {@code %d} lets the kernel number a
     * new one. Fails with ENOENT-like errors when the host has no TUN/TAP driver, EPERM without CAP_NET_ADMIN,
     * EBUSY when another process holds the device, EINVAL when {@code name} is another kind of interface.
     */
    static TapDevice open(String name) throws HostCallFailed {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(call);
            int fd = (int) OPEN.invokeExact(errno, call.allocateFrom(CLONE_DEVICE.toString()),
                    O_RDWR | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0) {
                throw new HostCallFailed("open " + CLONE_DEVICE, Libc.errno(errno));
            }
            MemorySegment request = InterfaceRequest.named(call, name);
            request.set(ValueLayout.JAVA_SHORT, InterfaceRequest.UNION, (short) (IFF_TAP | IFF_NO_PI));
            if ((int) HostInterfaces.IOCTL.invokeExact(errno, fd, TUNSETIFF, request) < 0) {
                int failure = Libc.errno(errno);
                Libc.close(fd);
                throw new HostCallFailed("TUNSETIFF " + name, failure);
            }
            return new TapDevice(fd, InterfaceRequest.name(request));
        } catch (HostCallFailed | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Whether the kernel has an interface called {@code name}. */
    static boolean exists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    /** The interface's name (the kernel's choice if it was opened with {@code %d}). */
    String name() {
        return name;
    }

    /** Waits up to {@code timeoutMillis} for a frame to read; returns whether one waits. */
    boolean awaitReadable(int timeoutMillis) throws HostCallFailed {
        try {
            int ready = (int) POLL.invokeExact(readErrno, pollFd, 1L, timeoutMillis);
            if (ready < 0 && Libc.errno(readErrno) != HostCallFailed.EINTR) {
                throw new HostCallFailed("poll " + name, Libc.errno(readErrno));
            }
            return ready > 0;
        } catch (HostCallFailed | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Reads one frame into {@code into} (its whole length or the frame's, whichever is shorter); returns the
     * frame's full length (longer than {@code into} when it did not fit), or -1 when none waits.
     */
    int read(byte[] into) throws HostCallFailed {
        try {
            long length = (long) READ.invokeExact(readErrno, fd, readBuffer, (long) BUFFER);
            if (length < 0) {
                int errno = Libc.errno(readErrno);
                if (errno == HostCallFailed.EAGAIN || errno == HostCallFailed.EINTR) {
                    return -1;
                }
                throw new HostCallFailed("read " + name, errno);
            }
            MemorySegment.copy(readBuffer, ValueLayout.JAVA_BYTE, 0, into, 0, (int) Math.min(length, into.length));
            return (int) length;
        } catch (HostCallFailed | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Hands one frame to the host; returns whether the kernel took it whole. */
    synchronized boolean write(ByteBuffer frame) {
        int length = frame.remaining();
        if (closed || length > BUFFER) {
            return false;
        }
        MemorySegment.copy(MemorySegment.ofBuffer(frame), 0, writeBuffer, 0, length);
        try {
            return (long) WRITE.invokeExact(writeErrno, fd, writeBuffer, (long) length) == length;
        } catch (Throwable t) {
            return false;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            Libc.close(fd);
        }
        arena.close();
    }
}
