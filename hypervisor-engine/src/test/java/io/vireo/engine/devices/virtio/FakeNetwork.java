package io.vireo.engine.devices.virtio;

import io.vireo.engine.network.FrameReceiver;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkAttachment;
import io.vireo.engine.network.NetworkMode;
import io.vireo.engine.network.PortCounters;
import io.vireo.engine.network.SwitchPort;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network for NIC tests without a switch: every plugged NIC's frames are recorded and handed to every
 * other plugged NIC (a hub), and a test can put frames on the wire itself.
 */
final class FakeNetwork implements NetworkAttachment {
    /** One plugged NIC: what it sent, and whether it was unplugged. */
    static final class Plug implements SwitchPort {
        final MacAddress mac;
        final List<byte[]> sent = new CopyOnWriteArrayList<>();
        private final FrameReceiver receiver;
        private final FakeNetwork network;
        volatile boolean closed;

        private Plug(MacAddress mac, FrameReceiver receiver, FakeNetwork network) {
            this.mac = mac;
            this.receiver = receiver;
            this.network = network;
        }

        @Override
        public void send(ByteBuffer frame) {
            byte[] copy = new byte[frame.remaining()];
            frame.get(frame.position(), copy);
            sent.add(copy);
            for (Plug other : network.plugs) {
                if (other != this && !other.closed) {
                    other.receiver.receive(ByteBuffer.wrap(copy));
                }
            }
        }

        @Override
        public PortCounters counters() {
            return PortCounters.NONE;
        }

        @Override
        public void close() {
            closed = true;
        }

        /** Delivers a frame to this NIC as the network would. */
        void deliver(byte[] frame) {
            receiver.receive(ByteBuffer.wrap(frame));
        }
    }

    final List<Plug> plugs = new ArrayList<>();
    private final int mtu;

    FakeNetwork() {
        this(NetworkMode.ETHERNET_MTU);
    }

    FakeNetwork(int mtu) {
        this.mtu = mtu;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public synchronized SwitchPort plug(MacAddress mac, OptionalInt vlan, FrameReceiver receiver) {
        Plug plug = new Plug(mac, receiver, this);
        plugs.add(plug);
        return plug;
    }
}
