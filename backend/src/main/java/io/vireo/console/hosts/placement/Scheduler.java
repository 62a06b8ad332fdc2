package io.vireo.console.hosts.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the host a new VM goes to, from what each host is now, and says why every other host was passed over.
 * A host can take the VM when it is connected (not in maintenance), runs the VM's architecture, has at least as
 * many CPUs as the VM has vCPUs, and has the VM's memory free. Of those, the first in this order wins: one whose
 * CPUs the VM's vCPUs do not overcommit, then the one left with the most free memory, the most free cores, the least
 * busy CPUs, and by name, so the same figures always give the same host.
 */
public final class Scheduler {

    /** A rank of the hosts that fit, with how a host that lost on it compares with the one chosen. */
    private record Rank(Comparator<Candidate> order, Function<Candidate, String> lostBecause) {
    }

    private Scheduler() {
    }

    public static Decision place(Demand vm, List<Candidate> hosts) {
        Map<String, String> passedOver = new LinkedHashMap<>();
        List<Candidate> fitting = new ArrayList<>();
        for (Candidate host : hosts) {
            unfit(vm, host).ifPresentOrElse(why -> passedOver.put(host.name(), why), () -> fitting.add(host));
        }
        List<Rank> ranks = ranks(vm);
        Comparator<Candidate> order = ranks.stream().map(Rank::order).reduce(Comparator::thenComparing).orElseThrow();
        Optional<Candidate> chosen = fitting.stream().min(order);
        chosen.ifPresent(winner -> fitting.stream().filter(h -> h != winner).forEach(loser -> passedOver.put(
                loser.name(), ranks.stream().filter(r -> r.order().compare(winner, loser) < 0).findFirst()
                        .map(r -> r.lostBecause().apply(winner)).orElseThrow())));
        return new Decision(chosen, passedOver);
    }

    /** Why the host cannot take the VM at all; empty when it can. */
    static Optional<String> unfit(Demand vm, Candidate host) {
        return switch (host.state()) {
            case MAINTENANCE -> Optional.of("in maintenance");
            case UNREACHABLE -> Optional.of("unreachable" + (host.error() == null ? "" : ": " + host.error()));
            case CONNECTED -> {
                if (!host.guestArchitectures().contains(vm.architecture())) {
                    yield Optional.of("runs no " + vm.architecture() + " guests (only "
                            + String.join(", ", host.guestArchitectures()) + ")");
                }
                if (host.freeMemoryMib() == null) {
                    yield Optional.of("its free memory is not known yet");
                }
                if (vm.vcpus() > host.cpus()) {
                    yield Optional.of("has " + host.cpus() + " CPUs, fewer than the VM's " + vm.vcpus() + " vCPUs");
                }
                if (vm.memoryMib() > host.freeMemoryMib()) {
                    yield Optional.of("has " + host.freeMemoryMib() + " MiB free, the VM needs " + vm.memoryMib()
                            + " MiB");
                }
                yield Optional.empty();
            }
        };
    }

    private static List<Rank> ranks(Demand vm) {
        return List.of(
                new Rank(Comparator.comparing(h -> h.vmVcpus() + vm.vcpus() > h.cpus()),
                        winner -> "the VM would overcommit its CPUs, not those of " + winner.name()),
                new Rank(Comparator.comparing(Candidate::freeMemoryMib, Comparator.reverseOrder()),
                        winner -> "less free memory than " + winner.name() + " (" + winner.freeMemoryMib() + " MiB)"),
                new Rank(Comparator.comparing(Candidate::freeCores, Comparator.reverseOrder()),
                        winner -> "fewer free cores than " + winner.name() + " (" + winner.freeCores() + ")"),
                new Rank(Comparator.comparing(h -> h.cpuPercent() == null ? 0.0 : h.cpuPercent()),
                        winner -> "busier CPUs than " + winner.name()),
                new Rank(Comparator.comparing(Candidate::name),
                        winner -> "as much room as " + winner.name() + ", which comes first by name"));
    }
}
