package io.vireo.engine.network;

/** What a network's guests can reach besides each other. */
public enum NetworkMode {
    /** Only the network's VMs; the gateway serves DHCP and answers ARP and ping for itself, nothing more. */
    ISOLATED,
    /** The VMs and the host: the gateway address is the host's loopback; nothing beyond the host. */
    HOST_ONLY,
    /** Whatever the host reaches, through host sockets (TCP, UDP, ICMP echo); the gateway is the host's loopback. */
    NAT,
    /** An uplink to a host TAP device or bridge; the guests are on that segment, no gateway of Vireo's. */
    BRIDGED
}
