package io.vireo.engine.network.dhcp;

import io.vireo.engine.network.DhcpReservation;
import io.vireo.engine.network.DhcpSettings;
import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.Ipv4Subnet;
import io.vireo.engine.network.Lease;
import io.vireo.engine.network.MacAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which address each NIC holds, offered or bound, until when; the pool; reservations; addresses guests
 * declined. Clients are known by their MAC (the switch guarantees it is the NIC's own). Every lookup that
 * scans the pool skips only addresses held here, and the server answers only a NIC for its own MAC, so a
 * scan takes at most as many steps as there are NICs, reservations and declined addresses.
 */
final class LeaseTable {
    /** How many declined addresses are kept out of the pool: a guest declining in a loop cannot drain it. */
    private static final int MAX_DECLINED = 16;

    enum State {
        /** Offered in answer to a DISCOVER, held briefly for the REQUEST that takes it. */
        OFFERED,
        /** Acknowledged: the NIC uses the address until the lease expires. */
        BOUND
    }

    private record Binding(MacAddress mac, Ipv4Address address, State state, Optional<String> hostname,
            Instant expires) {
    }

    private final Ipv4Subnet subnet;
    private final Ipv4Address server;
    private final long first;
    private final long last;
    private final Map<MacAddress, Ipv4Address> reservations = new HashMap<>();
    private final Map<Ipv4Address, MacAddress> reservedFor = new HashMap<>();
    private final Map<MacAddress, Binding> byMac = new HashMap<>();
    private final Map<Ipv4Address, Binding> byAddress = new HashMap<>();
    private final Map<Ipv4Address, Instant> declined = new LinkedHashMap<>();

    LeaseTable(Ipv4Subnet subnet, Ipv4Address server, DhcpSettings settings) {
        this.subnet = subnet;
        this.server = server;
        this.first = unsigned(settings.first());
        this.last = unsigned(settings.last());
        for (DhcpReservation reservation : settings.reservations()) {
            reservations.put(reservation.mac(), reservation.address());
            reservedFor.put(reservation.address(), reservation.mac());
        }
    }

    /**
     * The address to offer {@code mac}: its reservation, else what it holds, else what it asked for, else
     * the lowest free one in the pool; held for {@code hold}. Empty when the pool is exhausted.
     */
    Optional<Ipv4Address> offer(MacAddress mac, Optional<Ipv4Address> requested, Optional<String> hostname, Instant now,
            Duration hold) {
        expire(now);
        Optional<Ipv4Address> address = choose(mac, requested);
        address.ifPresent(chosen -> {
            Binding held = byMac.get(mac);
            if (held != null && held.state == State.BOUND && held.address.equals(chosen)) {
                return;
            }
            put(new Binding(mac, chosen, State.OFFERED, hostname.or(() -> hostnameOf(held)), now.plus(hold)));
        });
        return address;
    }

    /** Binds {@code address} to {@code mac} for {@code leaseTime}, if it may hold it; empty means refuse (NAK). */
    Optional<Lease> bind(MacAddress mac, Ipv4Address address, Optional<String> hostname, Instant now, Duration leaseTime) {
        expire(now);
        if (!allocatable(mac, address)) {
            return Optional.empty();
        }
        Binding previous = byMac.get(mac);
        Binding bound = new Binding(mac, address, State.BOUND, hostname.or(() -> hostnameOf(previous)),
                now.plus(leaseTime));
        put(bound);
        return Optional.of(lease(bound));
    }

    /** Whether {@code mac} holds {@code address}, offered or bound. */
    boolean holds(MacAddress mac, Ipv4Address address, Instant now) {
        expire(now);
        Binding binding = byMac.get(mac);
        return binding != null && binding.address.equals(address);
    }

    /** Forgets what {@code mac} was offered or holds, when it is {@code address}. */
    void release(MacAddress mac, Ipv4Address address) {
        Binding binding = byMac.get(mac);
        if (binding != null && binding.address.equals(address)) {
            byMac.remove(mac);
            byAddress.remove(address);
        }
    }

    /** The client found {@code address} in use by someone else: forget its binding and keep the address out for a while. */
    void decline(MacAddress mac, Ipv4Address address, Instant until) {
        Binding binding = byMac.get(mac);
        if (binding == null || !binding.address.equals(address)) {
            return;
        }
        release(mac, address);
        if (reservedFor.containsKey(address)) {
            return;
        }
        declined.put(address, until);
        if (declined.size() > MAX_DECLINED) {
            declined.remove(declined.keySet().iterator().next());
        }
    }

    /** The client chose another server's offer: the one made here is void. */
    void withdrawOffer(MacAddress mac) {
        Binding binding = byMac.get(mac);
        if (binding != null && binding.state == State.OFFERED) {
            release(mac, binding.address);
        }
    }

    List<Lease> leases(Instant now) {
        expire(now);
        return byMac.values().stream().filter(binding -> binding.state == State.BOUND)
                .sorted(Comparator.comparing(Binding::address)).map(LeaseTable::lease).toList();
    }

    private Optional<Ipv4Address> choose(MacAddress mac, Optional<Ipv4Address> requested) {
        Ipv4Address reserved = reservations.get(mac);
        if (reserved != null) {
            return Optional.of(reserved);
        }
        Binding held = byMac.get(mac);
        if (held != null && allocatable(mac, held.address)) {
            return Optional.of(held.address);
        }
        if (requested.isPresent() && allocatable(mac, requested.get())) {
            return requested;
        }
        for (long candidate = first; candidate <= last; candidate++) {
            Ipv4Address address = new Ipv4Address((int) candidate);
            if (allocatable(mac, address)) {
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code mac} may hold {@code address}: its reservation, or a free pool address nobody reserved. */
    private boolean allocatable(MacAddress mac, Ipv4Address address) {
        Ipv4Address reserved = reservations.get(mac);
        if (reserved != null) {
            return reserved.equals(address);
        }
        long bits = unsigned(address);
        if (bits < first || bits > last || !subnet.isHost(address) || address.equals(server)
                || reservedFor.containsKey(address) || declined.containsKey(address)) {
            return false;
        }
        Binding holder = byAddress.get(address);
        return holder == null || holder.mac.equals(mac);
    }

    private void put(Binding binding) {
        Binding previous = byMac.put(binding.mac, binding);
        if (previous != null) {
            byAddress.remove(previous.address);
        }
        // A reservation wins over a dynamic binding someone else made before the reservation existed.
        Binding displaced = byAddress.put(binding.address, binding);
        if (displaced != null && !displaced.mac.equals(binding.mac)) {
            byMac.remove(displaced.mac);
        }
    }

    private void expire(Instant now) {
        byMac.values().removeIf(binding -> !binding.expires.isAfter(now));
        byAddress.values().removeIf(binding -> !binding.expires.isAfter(now));
        declined.values().removeIf(until -> !until.isAfter(now));
    }

    private static Optional<String> hostnameOf(Binding binding) {
        return binding == null ? Optional.empty() : binding.hostname;
    }

    private static Lease lease(Binding binding) {
        return new Lease(binding.mac, binding.address, binding.hostname, binding.expires);
    }

    private static long unsigned(Ipv4Address address) {
        return address.bits() & 0xFFFF_FFFFL;
    }
}
