package io.vireo.console.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.vireo.console.domain.InvalidFieldException;
import io.vireo.engine.network.DhcpReservation;
import io.vireo.engine.network.DhcpSettings;
import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.Ipv4Subnet;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkMode;
import io.vireo.engine.network.NetworkSpec;

/**
 * Turns the console's network settings into the engine's {@link NetworkSpec}, whose constructors hold the rules
 * (a subnet's prefix, a gateway inside it, a pool inside it, a bridged network names its uplink): each refusal
 * becomes the invalid-field problem of the form field to correct, in the engine's words.
 */
public final class NetworkDefinitions {

    /** A host device name as Linux takes it: up to 15 characters, no slash, no white space. */
    private static final String DEVICE = "[A-Za-z0-9][A-Za-z0-9._-]{0,14}";

    private NetworkDefinitions() {
    }

    /** Checks the settings as the engine would when starting the network; throws the first refusal. */
    public static void check(NetworkSettings settings) {
        spec(settings);
    }

    /** Checks that the network's DHCP server can hand {@code reservation}'s NIC that address. */
    public static void checkReservation(NetworkSettings settings, NetworkSettings.Reservation reservation) {
        try {
            spec(settings.withReservations(List.of(reservation)));
        } catch (InvalidFieldException refused) {
            throw new InvalidFieldException("reservedAddress", refused.message());
        }
    }

    /** A port forward's host address as the engine reads it (dotted quad), or the {@code hostAddress} problem. */
    public static String hostAddress(String text) {
        return field("hostAddress", () -> Ipv4Address.parse(text)).toString();
    }

    static NetworkSpec spec(NetworkSettings settings) {
        NetworkMode mode = field("kind", () -> NetworkMode.valueOf(settings.mode()));
        Ipv4Subnet subnet = field("cidr", () -> Ipv4Subnet.parse(required(settings.cidr(), "a subnet such as 10.0.2.0/24")));
        Ipv4Address gateway = field("gateway", () -> Ipv4Address.parse(required(settings.gateway(),
                "the gateway's address in " + subnet)));
        Optional<DhcpSettings> dhcp = settings.dhcp() ? Optional.of(dhcp(settings)) : Optional.empty();
        Optional<String> uplink = Optional.ofNullable(settings.uplink()).filter(u -> !u.isBlank());
        if (uplink.isPresent() && !uplink.get().matches(DEVICE)) {
            throw new InvalidFieldException("uplink", "The uplink " + uplink.get() + " is not a host device name"
                    + " (up to 15 letters, digits, dot, dash or underscore)");
        }
        String field = mode == NetworkMode.BRIDGED || uplink.isPresent() ? "uplink" : "gateway";
        return field(field, () -> new NetworkSpec(settings.name(), mode, subnet, gateway, dhcp, settings.dns(),
                Optional.empty(), uplink));
    }

    private static DhcpSettings dhcp(NetworkSettings settings) {
        Ipv4Address first = field("dhcpFirst", () -> Ipv4Address.parse(required(settings.dhcpFirst(),
                "the first address the DHCP server hands out")));
        Ipv4Address last = field("dhcpLast", () -> Ipv4Address.parse(required(settings.dhcpLast(),
                "the last address the DHCP server hands out")));
        List<DhcpReservation> reservations = new ArrayList<>();
        for (NetworkSettings.Reservation r : settings.reservations()) {
            reservations.add(field("reservedAddress", () -> new DhcpReservation(MacAddress.parse(r.mac()),
                    Ipv4Address.parse(r.address()))));
        }
        return field("dhcpLast", () -> new DhcpSettings(first, last, Duration.ofSeconds(settings.leaseSeconds()),
                reservations));
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Enter " + what);
        }
        return value.strip();
    }

    /** Runs an engine constructor; its refusal is the named field's problem. */
    static <T> T field(String field, Supplier<T> engine) {
        try {
            return engine.get();
        } catch (IllegalArgumentException refused) {
            String message = refused.getMessage();
            throw new InvalidFieldException(field, Character.toUpperCase(message.charAt(0)) + message.substring(1));
        }
    }
}
