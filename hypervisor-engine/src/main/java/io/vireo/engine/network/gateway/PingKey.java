package io.vireo.engine.network.gateway;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;

/** A guest's ping to the outside: who pings (NIC, VLAN, address) whom, with which echo identifier. */
record PingKey(MacAddress guestMac, int vlan, Ipv4Address guestIp, Ipv4Address remoteIp, int identifier) {
}
