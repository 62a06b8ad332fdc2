package io.vireo.console.engine;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import org.springframework.stereotype.Component;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.engine.network.Lease;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkException;
import io.vireo.engine.network.VirtualNetwork;

/**
 * The engine networks the console's powered-on VMs are plugged into, one per inventory network: started when the
 * first VM on it powers on, closed when the last one has stopped. Not kept for the console's lifetime, because a
 * started network holds host resources (its event thread, NAT flows' sockets, a bridged network's TAP device) that
 * an idle network would hold for nothing, and starting one takes a moment. A network changed in the inventory
 * while VMs run on it goes on as it started until they have all stopped. One for the console: the engine's VMs and
 * those another host driver runs on this machine ({@link ForeignNics}) meet on the same switches.
 */
@Component
public final class NetworkRuntime implements AutoCloseable {

    private final Map<Long, Joined> started = new HashMap<>();

    /** {@code members}: the power-ons holding the network (a VM powered on again is a new member). */
    private record Joined(VirtualNetwork network, Set<Object> members) {
    }

    /**
     * Plugs the network cards of a VM that QEMU runs on this machine (under libvirt) into their networks, each
     * frame for card {@code i} handed to {@code toNic.apply(i)}; see {@link ForeignNics}.
     */
    public ForeignNics plugForeign(List<LaunchSpec.Nic> nics, IntFunction<Consumer<ByteBuffer>> toNic) {
        return ForeignNics.plug(RunningNics.plug(nics, this), toNic);
    }

    /** The network a VM powering on ({@code member}) plugs into, started if no VM holds it yet. */
    synchronized VirtualNetwork join(Object member, NetworkSettings settings) {
        Joined joined = started.get(settings.id());
        if (joined == null) {
            joined = new Joined(start(settings), new HashSet<>());
            started.put(settings.id(), joined);
        }
        joined.members().add(member);
        return joined.network();
    }

    private static VirtualNetwork start(NetworkSettings settings) {
        try {
            return VirtualNetwork.start(NetworkDefinitions.spec(settings));
        } catch (InvalidFieldException incomplete) {
            throw new ConflictException("Network cannot start", "Network " + settings.name() + " cannot start: "
                    + incomplete.message() + " (an administrator may correct it on its page)");
        } catch (NetworkException refused) {
            throw new ConflictException("Network cannot start", "Network " + settings.name() + " cannot start: "
                    + refused.getMessage());
        }
    }

    /** The VM has stopped: the networks it was on let go of it, and one no VM holds any more closes. */
    synchronized void leave(Object member) {
        for (Iterator<Joined> it = started.values().iterator(); it.hasNext();) {
            Joined joined = it.next();
            if (joined.members().remove(member) && joined.members().isEmpty()) {
                joined.network().close();
                it.remove();
            }
        }
    }

    /** The address the network's DHCP server leased the NIC, when the network runs and the guest asked. */
    static Optional<String> leased(VirtualNetwork network, MacAddress mac) {
        return network.leases().stream().filter(lease -> lease.mac().equals(mac)).map(Lease::address)
                .map(Object::toString).findFirst();
    }

    @Override
    public synchronized void close() {
        started.values().forEach(joined -> joined.network().close());
        started.clear();
    }
}
