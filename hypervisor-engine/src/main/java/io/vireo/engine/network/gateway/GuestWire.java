package io.vireo.engine.network.gateway;

import io.vireo.engine.network.frame.TcpHeader;

/** How the translators reach a guest: whole frames are built and switched by the gateway. */
interface GuestWire {
    /** Sends a TCP segment from the flow's far end to the guest, with {@code length} bytes of {@code data} from {@code offset}. */
    void tcp(FlowKey flow, TcpHeader header, ByteRing data, int offset, int length);

    /** Sends a UDP datagram from the flow's far end to the guest. */
    void udp(FlowKey flow, byte[] data, int offset, int length);
}
