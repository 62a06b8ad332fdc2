package io.vireo.engine.host;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * Method handles on the host's C library functions, found once through the native linker. A handle made by
 * {@link #functionSettingErrno} takes an extra first argument, a slot from {@link #errnoSlot}, where the call
 * leaves {@code errno} (the JVM may overwrite the thread's own before Java code could read it).
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private Libc() {
    }

    public static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name)), descriptor, options);
    }

    /** A handle whose first argument is an {@link #errnoSlot} that receives the call's {@code errno}. */
    public static MethodHandle functionSettingErrno(String name, FunctionDescriptor descriptor,
                                                    Linker.Option... options) {
        Linker.Option[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = Linker.Option.captureCallState("errno");
        return function(name, descriptor, all);
    }

    /** Memory for one call's {@code errno}, as {@link #functionSettingErrno}'s handles take it. */
    public static MemorySegment errnoSlot(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The {@code errno} the last call given {@code slot} left there. */
    public static int errno(MemorySegment slot) {
        return slot.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    /** Closes a file descriptor this process opened through the C library. */
    public static void close(int fd) {
        try {
            int rc = (int) Holder.CLOSE.invokeExact(fd);
            assert rc == 0 : "close(" + fd + ") failed";
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The C library's words for an {@code errno}, as {@code strerror} gives them. */
    public static String describe(int errno) {
        try {
            MemorySegment text = (MemorySegment) Holder.STRERROR.invokeExact(errno);
            return text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** Looked up on first use, so a process that never needs them never links them. */
    private static final class Holder {
        static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT));
        static final MethodHandle STRERROR = function("strerror",
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }
}
