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
    BRIDGED;

    /** Ethernet's MTU, which a bridged network's host segment has. */
    public static final int ETHERNET_MTU = 1500;
    /**
     * The MTU of a network whose only other end is Vireo's own gateway and NICs, as passt's: a guest's
     * per-packet cost dominates in an emulator, and frames of up to 64 KiB carry bulk data in a
     * fortieth of the packets a 1500-byte MTU takes.
     */
    public static final int LARGE_MTU = 65_520;

    /** The MTU the network's NICs tell their guests. */
    public int mtu() {
        return this == BRIDGED ? ETHERNET_MTU : LARGE_MTU;
    }
}
