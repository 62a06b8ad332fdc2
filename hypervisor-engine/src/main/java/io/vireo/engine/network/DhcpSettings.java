package io.vireo.engine.network;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A network's DHCP server: the pool it leases from, for how long, and fixed addresses per NIC. */
public record DhcpSettings(Ipv4Address first, Ipv4Address last, Duration leaseTime, List<DhcpReservation> reservations) {
    public DhcpSettings {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(leaseTime, "leaseTime");
        reservations = List.copyOf(reservations);
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("the DHCP pool starts after it ends: " + first + " > " + last);
        }
        if (leaseTime.toSeconds() < 60) {
            throw new IllegalArgumentException("a lease lasts at least a minute");
        }
    }
}
