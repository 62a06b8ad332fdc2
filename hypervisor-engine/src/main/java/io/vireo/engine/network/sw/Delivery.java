package io.vireo.engine.network.sw;

import io.vireo.engine.network.frame.BigEndian;
import io.vireo.engine.network.frame.EthernetFrame;
import java.nio.ByteBuffer;

/**
 * One frame on its way through the switch, in the two forms ports want: as it came in, and with its VLAN tag
 * added (for trunk ports) or removed (for access ports). The other form is built at most once per frame,
 * in a scratch array this object keeps for the next frame, so forwarding allocates nothing.
 */
final class Delivery {
    private ByteBuffer original;
    private int position;
    private int limit;
    private boolean originalTagged;
    private int vlan;
    private byte[] scratch;
    private ByteBuffer rewritten;
    private int rewrittenLength;
    private boolean rewrittenValid;

    void reset(ByteBuffer frame, boolean tagged, int frameVlan) {
        original = frame;
        position = frame.position();
        limit = frame.limit();
        originalTagged = tagged;
        vlan = frameVlan;
        rewrittenValid = false;
    }

    /** The frame as {@code port} receives it, from its start to its end. */
    ByteBuffer forPort(Port port) {
        boolean tagged = port.trunk() && vlan != Port.UNTAGGED;
        if (tagged == originalTagged) {
            restore();
            return original;
        }
        if (!rewrittenValid) {
            rewrite();
        }
        return rewritten.limit(rewritten.capacity()).position(0).limit(rewrittenLength);
    }

    /** Gives the sender's buffer back as it was handed in. */
    void restore() {
        original.limit(limit).position(position);
    }

    private void rewrite() {
        if (scratch == null) {
            scratch = new byte[VirtualSwitch.MAX_FRAME + 4];
            rewritten = ByteBuffer.wrap(scratch);
        }
        int length = limit - position;
        original.get(position, scratch, 0, 12);
        if (originalTagged) {
            original.get(position + EthernetFrame.TAGGED_HEADER - 2, scratch, 12, length - 16);
            rewrittenLength = length - 4;
        } else {
            BigEndian.put16(scratch, 12, EthernetFrame.VLAN_TAG);
            BigEndian.put16(scratch, 14, vlan);
            original.get(position + 12, scratch, 16, length - 12);
            rewrittenLength = length + 4;
        }
        rewrittenValid = true;
    }
}
