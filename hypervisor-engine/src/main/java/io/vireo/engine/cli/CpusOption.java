package io.vireo.engine.cli;

import io.vireo.engine.boot.CpuTopology;

import java.util.OptionalInt;

/**
 * {@code --cpus N[,sockets=S][,cores=C][,threads=T]}, the way QEMU's {@code -smp} reads: {@code 4} is one socket
 * of four cores, {@code 4,sockets=2} two sockets of two cores, {@code sockets=2,cores=2} four harts. What is
 * left out follows from the rest (threads 1; sockets, then cores, from N), and N must be what the levels make.
 */
final class CpusOption {
    private CpusOption() {
    }

    static CpuTopology parse(String value) {
        OptionalInt total = OptionalInt.empty(), sockets = OptionalInt.empty(), cores = OptionalInt.empty();
        int threads = 1;
        String[] parts = value.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int eq = part.indexOf('=');
            if (eq < 0 && i == 0) {
                total = OptionalInt.of(number(part, value));
                continue;
            }
            int n = number(part.substring(eq + 1), value);
            switch (eq < 0 ? part : part.substring(0, eq)) {
                case "sockets" -> sockets = OptionalInt.of(n);
                case "cores" -> cores = OptionalInt.of(n);
                case "threads" -> threads = n;
                default -> throw new IllegalArgumentException("--cpus " + value
                        + ": expected N[,sockets=S][,cores=C][,threads=T]");
            }
        }
        int perSocket = cores.isPresent() ? cores.getAsInt() * threads : 0;
        int s = sockets.orElse(total.isPresent() && perSocket > 0 ? total.getAsInt() / perSocket : 1);
        int c = cores.orElse(total.isPresent() && s * threads > 0 ? total.getAsInt() / (s * threads) : 1);
        CpuTopology topology = new CpuTopology(s, c, threads);
        if (total.isPresent() && total.getAsInt() != topology.harts()) {
            throw new IllegalArgumentException("--cpus " + value + ": " + topology + " make " + topology.harts()
                    + " harts, not " + total.getAsInt());
        }
        return topology;
    }

    private static int number(String text, String value) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--cpus " + value + ": " + text + " is not a number");
        }
    }
}
