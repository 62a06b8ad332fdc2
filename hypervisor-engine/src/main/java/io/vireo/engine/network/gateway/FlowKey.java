package io.vireo.engine.network.gateway;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;

/**
 * One TCP or UDP flow as the guest sees it: the guest's NIC and VLAN ({@code EthernetFrame.UNTAGGED} for none),
 * address and port, and the far end's address and port as the guest addresses it (before the gateway maps it
 * to a host address). The MAC is part of the key so one guest can never speak into another guest's flow by
 * borrowing its IP address.
 */
record FlowKey(MacAddress guestMac, int vlan, Ipv4Address guestIp, int guestPort, Ipv4Address remoteIp,
               int remotePort) {
}
