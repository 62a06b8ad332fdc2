package io.vireo.engine.network.uplink;

import io.vireo.engine.host.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's network interfaces, as the uplink changes them: up and down, and ports added to a bridge. Each
 * change is an ioctl on a throwaway datagram socket, as {@code ip} and {@code brctl} do it; each needs
 * CAP_NET_ADMIN.
 */
final class HostInterfaces {
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final long SIOCGIFINDEX = 0x8933;
    private static final long SIOCBRADDIF = 0x89a2;
    private static final short IFF_UP = 0x1;

    private static final MethodHandle SOCKET = Libc.functionSettingErrno("socket", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    /** {@code ioctl(fd, request, pointer)}, errno captured. */
    static final MethodHandle IOCTL = Libc.functionSettingErrno("ioctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.firstVariadicArg(2));

    private HostInterfaces() {
    }

    /** Whether {@code name} is a Linux bridge (it has the bridge attributes in sysfs). */
    static boolean isBridge(String name) {
        return Files.isDirectory(Path.of("/sys/class/net", name, "bridge"));
    }

    /** Sets the interface administratively up or down; returns whether that changed anything. */
    static boolean setUp(String name, boolean up) throws HostCallFailed {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment request = InterfaceRequest.named(call, name);
            ioctl(call, SIOCGIFFLAGS, request, "SIOCGIFFLAGS " + name);
            short flags = request.get(ValueLayout.JAVA_SHORT, InterfaceRequest.UNION);
            if (((flags & IFF_UP) != 0) == up) {
                return false;
            }
            request.set(ValueLayout.JAVA_SHORT, InterfaceRequest.UNION, (short) (up ? flags | IFF_UP : flags & ~IFF_UP));
            ioctl(call, SIOCSIFFLAGS, request, "SIOCSIFFLAGS " + name);
            return true;
        }
    }

    /** Makes {@code port} a port of {@code bridge}. */
    static void addToBridge(String bridge, String port) throws HostCallFailed {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment index = InterfaceRequest.named(call, port);
            ioctl(call, SIOCGIFINDEX, index, "SIOCGIFINDEX " + port);
            MemorySegment request = InterfaceRequest.named(call, bridge);
            request.set(ValueLayout.JAVA_INT, InterfaceRequest.UNION, index.get(ValueLayout.JAVA_INT, InterfaceRequest.UNION));
            ioctl(call, SIOCBRADDIF, request, "SIOCBRADDIF " + bridge);
        }
    }

    private static void ioctl(Arena call, long command, MemorySegment request, String what) throws HostCallFailed {
        MemorySegment errno = Libc.errnoSlot(call);
        try {
            int socket = (int) SOCKET.invokeExact(errno, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (socket < 0) {
                throw new HostCallFailed("socket", Libc.errno(errno));
            }
            try {
                if ((int) IOCTL.invokeExact(errno, socket, command, request) < 0) {
                    throw new HostCallFailed(what, Libc.errno(errno));
                }
            } finally {
                Libc.close(socket);
            }
        } catch (HostCallFailed | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
