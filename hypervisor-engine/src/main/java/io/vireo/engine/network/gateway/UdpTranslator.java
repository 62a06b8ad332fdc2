package io.vireo.engine.network.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

/**
 * The gateway's UDP flows. A guest's datagram to somewhere new opens a host socket connected there (its
 * answers come back as from the address the guest used); a datagram arriving at a forward's socket becomes a
 * flow through that socket back to its sender. Flows end after {@link GatewayLimits#udpIdle} without traffic.
 */
final class UdpTranslator implements AutoCloseable {
    /** The largest datagram a host socket can hand over. */
    static final int MAX_DATAGRAM = 65507;
    /**
     * Datagrams taken from one socket per event: a wait for events per datagram costs more than the
     * datagram, while a bound keeps one busy socket from holding the thread.
     */
    static final int BATCH = 64;

    private final EventLoop loop;
    private final GuestWire wire;
    private final GatewayLimits limits;
    private final FlowTable<UdpFlow> flows;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);

    UdpTranslator(EventLoop loop, GuestWire wire, GatewayLimits limits) {
        this.loop = loop;
        this.wire = wire;
        this.limits = limits;
        this.flows = new FlowTable<>(limits.udpFlowsPerGuest(), limits.udpFlowsTotal());
    }

    /** One flow: a host socket of its own (outbound) or a forward's socket and the peer behind it (inbound). */
    private final class UdpFlow implements EventLoop.Handler {
        private final FlowKey key;
        private final DatagramChannel channel;
        private final InetSocketAddress peer;
        private final boolean ownsChannel;
        private SelectionKey selection;
        private long lastActivity;

        UdpFlow(FlowKey key, DatagramChannel channel, InetSocketAddress peer, boolean ownsChannel, long now) {
            this.key = key;
            this.channel = channel;
            this.peer = peer;
            this.ownsChannel = ownsChannel;
            this.lastActivity = now;
        }

        void send(byte[] data, int offset, int length, long now) {
            lastActivity = now;
            try {
                channel.send(ByteBuffer.wrap(data, offset, length), peer);
            } catch (IOException e) {
                // A datagram the host refuses (no route, the peer's port closed) is lost, as on a wire.
            }
        }

        @Override
        public void ready(SelectionKey ready) {
            try {
                for (int i = 0; i < BATCH; i++) {
                    buffer.clear();
                    if (channel.receive(buffer) == null) {
                        return;
                    }
                    lastActivity = System.nanoTime();
                    wire.udp(key, buffer.array(), 0, buffer.position());
                }
            } catch (IOException e) {
                // An ICMP error from the far end surfaces here; the guest's own timeout handles it.
            }
        }

        void close() {
            if (!flows.remove(key, this)) {
                return;
            }
            if (ownsChannel) {
                selection.cancel();
                try {
                    channel.close();
                } catch (IOException e) {
                    // Nothing left to release.
                }
            }
        }
    }

    /** A guest datagram; {@code destination} is where the gateway maps its far end. */
    void fromGuest(FlowKey key, byte[] data, int offset, int length, InetSocketAddress destination, long now) {
        UdpFlow flow = flows.get(key);
        if (flow == null) {
            if (flows.full(key.guestMac())) {
                flows.refuse();
                return;
            }
            try {
                DatagramChannel channel = DatagramChannel.open();
                channel.connect(destination);
                flow = new UdpFlow(key, channel, destination, true, now);
                flow.selection = loop.register(channel, SelectionKey.OP_READ, flow);
                flows.add(key, flow);
            } catch (IOException e) {
                flows.refuse();
                return;
            }
        }
        flow.send(data, offset, length, now);
    }

    /** A datagram that arrived at a forward's socket from {@code peer}, for the guest port in {@code key}. */
    void fromForward(FlowKey key, DatagramChannel channel, InetSocketAddress peer, byte[] data, int length, long now) {
        UdpFlow flow = flows.get(key);
        if (flow == null) {
            if (flows.full(key.guestMac())) {
                flows.refuse();
                return;
            }
            flow = new UdpFlow(key, channel, peer, false, now);
            flows.add(key, flow);
        }
        flow.lastActivity = now;
        wire.udp(key, data, 0, length);
    }

    /** Ends the flows that use a forward's socket, when the forward goes. */
    void forget(DatagramChannel forwardChannel) {
        for (UdpFlow flow : flows.snapshot()) {
            if (flow.channel == forwardChannel) {
                flow.close();
            }
        }
    }

    void tick(long now) {
        long idle = limits.udpIdle().toNanos();
        for (UdpFlow flow : flows.snapshot()) {
            if (now - flow.lastActivity > idle) {
                flow.close();
            }
        }
    }

    FlowTable<?> flows() {
        return flows;
    }

    @Override
    public void close() {
        flows.snapshot().forEach(UdpFlow::close);
    }
}
