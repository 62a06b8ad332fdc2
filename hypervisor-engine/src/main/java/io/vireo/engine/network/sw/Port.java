package io.vireo.engine.network.sw;

import io.vireo.engine.network.FrameReceiver;
import io.vireo.engine.network.PortCounters;
import io.vireo.engine.network.SwitchPort;
import java.nio.ByteBuffer;

/**
 * One plug of a {@link VirtualSwitch}. A NIC's port is an access port: it may send only from its own MAC,
 * only untagged, and sees only its VLAN's frames, untagged. A trusted port (gateway, uplink) is a trunk: any
 * source address, and frames of every VLAN, tagged with their VLAN (untagged for the untagged segment).
 */
final class Port implements SwitchPort {
    /** {@link #vlan} of a trunk port: it belongs to every VLAN. */
    static final int TRUNK = -1;
    /** {@link #vlan} of an access port on the untagged segment. */
    static final int UNTAGGED = 0;

    private final VirtualSwitch owner;
    final long mac;
    final int vlan;
    final FrameReceiver receiver;
    /** Null when the port has no rate limit. */
    final TokenBucket sendLimit;
    final TokenBucket receiveLimit;
    final TrafficCounters counters = new TrafficCounters();
    private volatile boolean open = true;

    Port(VirtualSwitch owner, long mac, int vlan, FrameReceiver receiver, TokenBucket sendLimit,
            TokenBucket receiveLimit) {
        this.owner = owner;
        this.mac = mac;
        this.vlan = vlan;
        this.receiver = receiver;
        this.sendLimit = sendLimit;
        this.receiveLimit = receiveLimit;
    }

    boolean trunk() {
        return vlan == TRUNK;
    }

    boolean carries(int frameVlan) {
        return vlan == TRUNK || vlan == frameVlan;
    }

    boolean isOpen() {
        return open;
    }

    @Override
    public void send(ByteBuffer frame) {
        if (!open) {
            counters.dropped();
            return;
        }
        owner.forward(this, frame);
    }

    @Override
    public PortCounters counters() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            owner.unplug(this);
        }
    }
}
