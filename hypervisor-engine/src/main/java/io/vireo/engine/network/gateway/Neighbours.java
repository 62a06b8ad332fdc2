package io.vireo.engine.network.gateway;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where guests showed the gateway they are: the address and VLAN of the sender of their ARP packets and IPv4
 * frames, so a port forward reaches a NIC that configured its address by hand as well as one with a lease,
 * on its own VLAN. Bounded: the least recently seen go first.
 */
final class Neighbours {
    /** A NIC's address and VLAN ({@code EthernetFrame.UNTAGGED} for none). */
    record Neighbour(Ipv4Address address, int vlan) {
    }

    private static final int MAX_ENTRIES = 4096;

    private final Map<MacAddress, Neighbour> byMac = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MacAddress, Neighbour> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    void saw(MacAddress mac, Ipv4Address address, int vlan) {
        byMac.put(mac, new Neighbour(address, vlan));
    }

    Optional<Neighbour> find(MacAddress mac) {
        return Optional.ofNullable(byMac.get(mac));
    }
}
