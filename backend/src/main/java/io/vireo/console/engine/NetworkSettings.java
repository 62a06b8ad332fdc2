package io.vireo.console.engine;

import java.util.List;
import java.util.Objects;

/**
 * A network as the inventory records it, in the words of its form: the engine checks it ({@link NetworkDefinitions})
 * and starts it from it. {@code mode} is an engine network mode's name (ISOLATED, HOST_ONLY, NAT, BRIDGED); the
 * DHCP fields matter only when {@code dhcp} is on, {@code uplink} only for a bridged network.
 */
public record NetworkSettings(Long id, String name, String mode, String cidr, String gateway, boolean dhcp,
        String dhcpFirst, String dhcpLast, int leaseSeconds, boolean dns, String uplink,
        List<Reservation> reservations) {

    public NetworkSettings {
        Objects.requireNonNull(name, "name");
        reservations = List.copyOf(reservations);
    }

    /** The same network with these fixed addresses (the NICs' own) handed out by its DHCP server. */
    public NetworkSettings withReservations(List<Reservation> fixed) {
        return new NetworkSettings(id, name, mode, cidr, gateway, dhcp, dhcpFirst, dhcpLast, leaseSeconds, dns, uplink,
                fixed);
    }

    /** A NIC's fixed address. */
    public record Reservation(String mac, String address) {
    }
}
