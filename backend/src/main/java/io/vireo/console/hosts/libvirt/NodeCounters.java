package io.vireo.console.hosts.libvirt;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.libvirt.Connect;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The node's CPU time and memory counters, which the Java binding (0.5.4) does not offer: {@code virNodeGetCPUStats}
 * and {@code virNodeGetMemoryStats} called through JNA on the binding's own connection handle. Both fill arrays of
 * {@code {char field[80]; unsigned long long value}}; the CPU times are nanoseconds since the host booted, the memory
 * figures KiB. A refusal is an {@link IllegalStateException} (the binding's own exception cannot be made outside it).
 */
final class NodeCounters {
    private static final int FIELD_LENGTH = 80;
    private static final int PARAM_SIZE = FIELD_LENGTH + Long.BYTES;
    /** VIR_NODE_CPU_STATS_ALL_CPUS and VIR_NODE_MEMORY_STATS_ALL_CELLS. */
    private static final int ALL = -1;

    /** The two calls of libvirt's C library this class adds. */
    interface Calls extends Library {
        int virNodeGetCPUStats(Pointer conn, int cpuNum, Pointer params, IntByReference nparams, int flags);

        int virNodeGetMemoryStats(Pointer conn, int cellNum, Pointer params, IntByReference nparams, int flags);
    }

    private static final class Holder {
        static final Calls CALLS = Native.load("virt", Calls.class);
    }

    private NodeCounters() {
    }

    /** CPU times summed over every CPU: {@code kernel}, {@code user}, {@code idle}, {@code iowait} (ns). */
    static Map<String, Long> cpu(Connect connect) {
        Pointer conn = BindingHandles.of(connect).getPointer();
        return read((params, count) -> Holder.CALLS.virNodeGetCPUStats(conn, ALL, params, count, 0), "CPU");
    }

    /** Memory of every cell: {@code total}, {@code free}, {@code buffers}, {@code cached} (KiB). */
    static Map<String, Long> memory(Connect connect) {
        Pointer conn = BindingHandles.of(connect).getPointer();
        return read((params, count) -> Holder.CALLS.virNodeGetMemoryStats(conn, ALL, params, count, 0), "memory");
    }

    @FunctionalInterface
    private interface Call {
        int fill(Pointer params, IntByReference count);
    }

    /** Asked first with no array, libvirt tells how many figures it has; then it fills an array that long. */
    private static Map<String, Long> read(Call call, String what) {
        IntByReference count = new IntByReference(0);
        if (call.fill(null, count) < 0) {
            throw new IllegalStateException("the host did not tell its " + what + " counters");
        }
        Map<String, Long> figures = new HashMap<>();
        if (count.getValue() <= 0) {
            return figures;
        }
        Memory params = new Memory((long) count.getValue() * PARAM_SIZE);
        params.clear();
        if (call.fill(params, count) < 0) {
            throw new IllegalStateException("the host did not tell its " + what + " counters");
        }
        for (int i = 0; i < count.getValue(); i++) {
            long at = (long) i * PARAM_SIZE;
            byte[] field = params.getByteArray(at, FIELD_LENGTH);
            int end = 0;
            while (end < field.length && field[end] != 0) {
                end++;
            }
            figures.put(new String(field, 0, end, StandardCharsets.US_ASCII), params.getLong(at + FIELD_LENGTH));
        }
        return figures;
    }
}
