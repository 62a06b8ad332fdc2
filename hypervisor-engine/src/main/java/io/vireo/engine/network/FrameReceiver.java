package io.vireo.engine.network;

import java.nio.ByteBuffer;

/** Where a switch port delivers Ethernet frames: a NIC's receive side, the gateway, an uplink. */
@FunctionalInterface
public interface FrameReceiver {
    /**
     * Takes one frame, from the buffer's position to its limit (no preamble, no FCS). The buffer is the
     * caller's again once this returns: a receiver that keeps the frame copies it. Must not block.
     */
    void receive(ByteBuffer frame);
}
