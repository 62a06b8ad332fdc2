package io.vireo.engine.sched;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** The host core the calling thread runs on, through libc's {@code sched_getcpu} (-1 where it is missing). */
final class HostCore {
    private static final Optional<MethodHandle> SCHED_GETCPU = Linker.nativeLinker().defaultLookup().find("sched_getcpu")
            .map(symbol -> Linker.nativeLinker().downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT)));

    private HostCore() {
    }

    static int current() {
        if (SCHED_GETCPU.isEmpty()) {
            return -1;
        }
        try {
            return (int) SCHED_GETCPU.get().invokeExact();
        } catch (Throwable t) {
            return -1;
        }
    }
}
