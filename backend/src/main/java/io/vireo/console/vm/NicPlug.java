package io.vireo.console.vm;

import io.vireo.console.network.Network;

/** A NIC's settings once checked ({@link VmNicParts}): where it plugs in, and as what. */
record NicPlug(Network network, String mac, Integer vlan, Integer rateLimitMbps, String reservedAddress) {
}
