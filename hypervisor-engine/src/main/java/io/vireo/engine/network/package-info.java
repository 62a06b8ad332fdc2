/**
 * Virtual networks. A {@link io.vireo.engine.network.VirtualNetwork} is an L2 learning switch ({@code sw})
 * with, depending on its {@link io.vireo.engine.network.NetworkMode}, a gateway ({@code gateway}) that
 * answers ARP, DHCP and DNS and translates guest TCP, UDP and ICMP echo to host sockets the way passt does
 * (no TCP stack: per flow only sequence numbers, acknowledgements and windows), or an uplink to a host TAP
 * device. Frames are parsed and built in {@code frame}; a NIC (virtio-net) plugs into a network through
 * {@link io.vireo.engine.network.NetworkAttachment}.
 */
package io.vireo.engine.network;
