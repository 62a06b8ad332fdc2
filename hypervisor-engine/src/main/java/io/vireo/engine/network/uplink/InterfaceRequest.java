package io.vireo.engine.network.uplink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Linux's {@code struct ifreq}: an interface name of up to 15 bytes and a NUL, then a union the ioctl at hand
 * reads as flags (a short), an interface index (an int) or other things; 40 bytes on 64-bit hosts.
 */
final class InterfaceRequest {
    static final int SIZE = 40;
    /** Where the union (flags, index) starts. */
    static final int UNION = 16;

    private InterfaceRequest() {
    }

    /** A zeroed request naming {@code name}. */
    static MemorySegment named(Arena arena, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > TapDevice.MAX_NAME) {
            throw new IllegalArgumentException("interface name longer than " + TapDevice.MAX_NAME + ": " + name);
        }
        MemorySegment request = arena.allocate(SIZE, 8);
        MemorySegment.copy(bytes, 0, request, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return request;
    }

    /** The name the kernel left in the request. */
    static String name(MemorySegment request) {
        return request.getString(0, StandardCharsets.US_ASCII);
    }
}
