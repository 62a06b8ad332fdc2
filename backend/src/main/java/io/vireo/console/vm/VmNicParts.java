package io.vireo.console.vm;

import java.util.List;
import java.util.Objects;

import org.springframework.stereotype.Component;

import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.MacAddresses;
import io.vireo.console.engine.NetworkDefinitions;
import io.vireo.console.engine.NetworkSettings;
import io.vireo.console.network.Network;
import io.vireo.console.network.NetworkService;
import io.vireo.console.vm.internal.VmNicRepository;

/**
 * Checks a NIC request against the console: the network exists, the MAC is a unicast address no other NIC has
 * (one is generated when none is given), and a fixed address is a free host address of the network that no other
 * NIC holds (the engine's DHCP rules decide what is free).
 */
@Component
class VmNicParts {

    private final NetworkService networks;
    private final VmNicRepository nics;

    VmNicParts(NetworkService networks, VmNicRepository nics) {
        this.networks = networks;
        this.nics = nics;
    }

    /** {@code self}: the NIC being changed (its own MAC and address are not taken), null for a new one. */
    NicPlug plug(NicRequest request, VmNic self, List<String> macsOfThisRequest) {
        Network network = networks.get(request.networkId());
        String mac = request.mac() == null || request.mac().isBlank()
                ? MacAddresses.random(candidate -> taken(candidate, self) || macsOfThisRequest.contains(candidate))
                : MacAddresses.parse(request.mac());
        if (taken(mac, self) || macsOfThisRequest.contains(mac)) {
            throw new InvalidFieldException("mac", "Another network card already has the MAC " + mac);
        }
        String reserved = request.reservedAddress() == null || request.reservedAddress().isBlank() ? null
                : request.reservedAddress().strip();
        if (reserved != null) {
            reserve(network, mac, reserved, self);
        }
        return new NicPlug(network, mac, request.vlan(), request.rateLimitMbps(), reserved);
    }

    private void reserve(Network network, String mac, String address, VmNic self) {
        NetworkSettings settings = network.settings();
        if (!settings.dhcp()) {
            throw new InvalidFieldException("reservedAddress", "Network " + network.getName()
                    + " has no DHCP server to hand out a fixed address");
        }
        nics.findByNetworkIdAndReservedAddress(network.getId(), address).filter(other -> !other.equals(self))
                .ifPresent(other -> {
                    throw new InvalidFieldException("reservedAddress", "Another network card on " + network.getName()
                            + " already holds " + address);
                });
        NetworkDefinitions.checkReservation(settings, new NetworkSettings.Reservation(mac, address));
    }

    private boolean taken(String mac, VmNic self) {
        return nics.findByMac(mac).filter(other -> !Objects.equals(other, self)).isPresent();
    }
}
