package io.vireo.engine.network;

import java.util.OptionalInt;

/** Something a NIC can plug into: a virtual network's switch. */
public interface NetworkAttachment {
    /**
     * Plugs in a NIC with this MAC (the only source address the port accepts from it), on an optional VLAN
     * (frames leave the port untagged); frames for the NIC go to {@code receiver}.
     */
    SwitchPort plug(MacAddress mac, OptionalInt vlan, FrameReceiver receiver);

    /** The MTU its NICs tell their guests: frames are at most this behind an Ethernet header and one VLAN tag. */
    default int mtu() {
        return NetworkMode.ETHERNET_MTU;
    }
}
