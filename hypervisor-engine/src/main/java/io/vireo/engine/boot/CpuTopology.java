package io.vireo.engine.boot;

/**
 * How a machine's harts are laid out: {@code sockets}, each with {@code cores}, each running {@code threads}
 * harts. Harts are numbered socket by socket, core by core, thread by thread, the way a device tree's
 * {@code cpu-map} lists them, so the guest sees the sockets and cores it was given (Linux's
 * {@code physical_package_id} and {@code core_id}, what {@code lscpu} shows). The emulated harts run alike
 * whatever the layout; it shapes how the guest's scheduler spreads its work.
 */
public record CpuTopology(int sockets, int cores, int threads) {

    public CpuTopology {
        level("sockets", sockets);
        level("cores", cores);
        level("threads", threads);
        if (sockets * cores * threads > MachineLayout.MAX_HARTS) {
            throw new IllegalArgumentException(("%d sockets x %d cores x %d threads make %d harts, more than the %d a"
                    + " VM may have").formatted(sockets, cores, threads, sockets * cores * threads,
                    MachineLayout.MAX_HARTS));
        }
    }

    private static void level(String what, int count) {
        if (count < 1 || count > MachineLayout.MAX_HARTS) {
            throw new IllegalArgumentException(what + " must be 1.." + MachineLayout.MAX_HARTS + ", was " + count);
        }
    }

    /** What a machine without a stated layout gets: one socket of {@code harts} single-threaded cores. */
    public static CpuTopology flat(int harts) {
        return new CpuTopology(1, harts, 1);
    }

    public int harts() {
        return sockets * cores * threads;
    }

    /** The number of the hart running {@code thread} of {@code core} in {@code socket}. */
    public int hart(int socket, int core, int thread) {
        return (socket * cores + core) * threads + thread;
    }

    @Override
    public String toString() {
        return "%d socket(s) x %d core(s) x %d thread(s)".formatted(sockets, cores, threads);
    }
}
