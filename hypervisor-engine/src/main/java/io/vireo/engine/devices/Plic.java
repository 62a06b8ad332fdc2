package io.vireo.engine.devices;

import java.util.function.BiConsumer;

/**
 * The platform-level interrupt controller (SiFive PLIC layout, as on QEMU's virt machine), with one
 * S-mode context per hart. Sources are level-triggered {@link InterruptLine}s; a context's output
 * goes high while a pending, enabled source has a priority above the context's threshold.
 */
public final class Plic implements MmioDevice {
    public static final int MAX_SOURCES = 64;
    private static final long ENABLE_BASE = 0x2000, ENABLE_STRIDE = 0x80;
    private static final long CONTEXT_BASE = 0x200000, CONTEXT_STRIDE = 0x1000;

    private final int contexts;
    private final int[] priority = new int[MAX_SOURCES];
    private final boolean[] level = new boolean[MAX_SOURCES];
    private final boolean[] pending = new boolean[MAX_SOURCES];
    private final boolean[] claimed = new boolean[MAX_SOURCES];
    private final long[][] enable;
    private final int[] threshold;
    private final boolean[] output;
    private final BiConsumer<Integer, Boolean> contextOutput;

    /** {@code contextOutput} receives (context, asserted) whenever a context's external-interrupt wire changes. */
    public Plic(int contexts, BiConsumer<Integer, Boolean> contextOutput) {
        this.contexts = contexts;
        this.enable = new long[contexts][MAX_SOURCES / 64];
        this.threshold = new int[contexts];
        this.output = new boolean[contexts];
        this.contextOutput = contextOutput;
    }

    /**
     * The controller's registers and each source's wire, pending and claimed bits, as a saved machine holds
     * them; the constructor refuses values no guest could have written.
     */
    public record State(int[] priority, boolean[] level, boolean[] pending, boolean[] claimed, long[] enable,
                        int[] threshold) {
        public State {
            priority = priority.clone();
            level = level.clone();
            pending = pending.clone();
            claimed = claimed.clone();
            enable = enable.clone();
            threshold = threshold.clone();
            if (priority.length != MAX_SOURCES || level.length != MAX_SOURCES || pending.length != MAX_SOURCES
                    || claimed.length != MAX_SOURCES || enable.length != threshold.length) {
                throw new IllegalArgumentException("the PLIC has " + MAX_SOURCES + " sources and one enable word per context");
            }
            for (int s = 0; s < MAX_SOURCES; s++) {
                if (priority[s] < 0 || priority[s] > 7) {
                    throw new IllegalArgumentException("source " + s + " has priority " + priority[s] + ", above 7");
                }
            }
            if (priority[0] != 0 || level[0] || pending[0] || claimed[0]) {
                throw new IllegalArgumentException("source 0 does not exist but is set");
            }
            for (int c = 0; c < threshold.length; c++) {
                if (threshold[c] < 0 || threshold[c] > 7 || (enable[c] & 1) != 0) {
                    throw new IllegalArgumentException("context " + c + " has threshold " + threshold[c]
                            + " or enables source 0");
                }
            }
        }
    }

    public synchronized State state() {
        long[] enabled = new long[contexts];
        for (int c = 0; c < contexts; c++) {
            enabled[c] = enable[c][0];
        }
        return new State(priority, level, pending, claimed, enabled, threshold);
    }

    /** Takes a saved state and drives the harts' external-interrupt wires to match it. */
    public synchronized void restore(State state) {
        if (state.threshold().length != contexts) {
            throw new IllegalArgumentException("the state has " + state.threshold().length + " contexts; this PLIC "
                    + contexts);
        }
        System.arraycopy(state.priority(), 0, priority, 0, MAX_SOURCES);
        System.arraycopy(state.level(), 0, level, 0, MAX_SOURCES);
        System.arraycopy(state.pending(), 0, pending, 0, MAX_SOURCES);
        System.arraycopy(state.claimed(), 0, claimed, 0, MAX_SOURCES);
        System.arraycopy(state.threshold(), 0, threshold, 0, contexts);
        for (int c = 0; c < contexts; c++) {
            enable[c][0] = state.enable()[c];
            output[c] = false;
        }
        for (int c = 0; c < contexts; c++) {
            boolean out = best(c) != 0;
            output[c] = out;
            contextOutput.accept(c, out);
        }
    }

    @Override
    public long size() {
        return CONTEXT_BASE + CONTEXT_STRIDE * contexts;
    }

    /** The wire a device drives for source {@code source} (1..63). */
    public InterruptLine line(int source) {
        if (source <= 0 || source >= MAX_SOURCES) {
            throw new IllegalArgumentException("PLIC source out of range: " + source);
        }
        return asserted -> setLevel(source, asserted);
    }

    private synchronized void setLevel(int source, boolean asserted) {
        level[source] = asserted;
        if (asserted && !claimed[source]) {
            pending[source] = true;
        }
        if (!asserted) {
            pending[source] = false;
        }
        update();
    }

    @Override
    public synchronized long read(long offset, int width) {
        if (width != 4) {
            return 0;
        }
        if (offset < MAX_SOURCES * 4L) {
            return priority[(int) (offset / 4)];
        }
        if (offset >= 0x1000 && offset < 0x1000 + MAX_SOURCES / 8) {
            int word = (int) ((offset - 0x1000) / 4);
            long bits = 0;
            for (int b = 0; b < 32; b++) {
                int s = word * 32 + b;
                if (s < MAX_SOURCES && pending[s]) {
                    bits |= 1L << b;
                }
            }
            return bits;
        }
        if (offset >= ENABLE_BASE && offset < ENABLE_BASE + ENABLE_STRIDE * contexts) {
            int ctx = (int) ((offset - ENABLE_BASE) / ENABLE_STRIDE);
            int word = (int) ((offset - ENABLE_BASE) % ENABLE_STRIDE / 4);
            return word < MAX_SOURCES / 32 ? (enable[ctx][word / 2] >>> (32 * (word % 2))) & 0xFFFFFFFFL : 0;
        }
        if (offset >= CONTEXT_BASE && offset < size()) {
            int ctx = (int) ((offset - CONTEXT_BASE) / CONTEXT_STRIDE);
            long reg = (offset - CONTEXT_BASE) % CONTEXT_STRIDE;
            if (reg == 0) {
                return threshold[ctx];
            }
            if (reg == 4) {
                return claim(ctx);
            }
        }
        return 0;
    }

    @Override
    public synchronized void write(long offset, int width, long value) {
        if (width != 4) {
            return;
        }
        int v = (int) value;
        if (offset < MAX_SOURCES * 4L) {
            int s = (int) (offset / 4);
            if (s > 0) {
                priority[s] = v & 7;
            }
        } else if (offset >= ENABLE_BASE && offset < ENABLE_BASE + ENABLE_STRIDE * contexts) {
            int ctx = (int) ((offset - ENABLE_BASE) / ENABLE_STRIDE);
            int word = (int) ((offset - ENABLE_BASE) % ENABLE_STRIDE / 4);
            if (word < MAX_SOURCES / 32) {
                int shift = 32 * (word % 2);
                long mask = 0xFFFFFFFFL << shift;
                long bits = ((v & 0xFFFFFFFFL) << shift) & ~(word == 0 ? 1L : 0L);
                enable[ctx][word / 2] = (enable[ctx][word / 2] & ~mask) | bits;
            }
        } else if (offset >= CONTEXT_BASE && offset < size()) {
            int ctx = (int) ((offset - CONTEXT_BASE) / CONTEXT_STRIDE);
            long reg = (offset - CONTEXT_BASE) % CONTEXT_STRIDE;
            if (reg == 0) {
                threshold[ctx] = v & 7;
            } else if (reg == 4) {
                complete(v);
            }
        }
        update();
    }

    private boolean enabled(int ctx, int source) {
        return (enable[ctx][source / 64] & (1L << (source % 64))) != 0;
    }

    private int best(int ctx) {
        int best = 0, bestPriority = threshold[ctx];
        for (int s = 1; s < MAX_SOURCES; s++) {
            if (pending[s] && enabled(ctx, s) && priority[s] > bestPriority) {
                best = s;
                bestPriority = priority[s];
            }
        }
        return best;
    }

    private int claim(int ctx) {
        int s = best(ctx);
        if (s != 0) {
            pending[s] = false;
            claimed[s] = true;
        }
        update();
        return s;
    }

    private void complete(int source) {
        if (source > 0 && source < MAX_SOURCES && claimed[source]) {
            claimed[source] = false;
            if (level[source]) {
                pending[source] = true;
            }
        }
    }

    private void update() {
        for (int ctx = 0; ctx < contexts; ctx++) {
            boolean out = best(ctx) != 0;
            if (out != output[ctx]) {
                output[ctx] = out;
                contextOutput.accept(ctx, out);
            }
        }
    }
}
