package io.vireo.engine.network;

import java.nio.ByteBuffer;

/** A NIC's plug in a virtual switch: what the NIC sends goes in here. Closing unplugs it. */
public interface SwitchPort extends AutoCloseable {
    /** Sends one frame from the NIC into the switch; same buffer contract as {@link FrameReceiver#receive}. */
    void send(ByteBuffer frame);

    PortCounters counters();

    @Override
    void close();
}
