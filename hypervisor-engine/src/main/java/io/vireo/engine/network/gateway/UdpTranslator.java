package io.vireo.engine.network.gateway;

import io.vireo.engine.network.MacAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's UDP flows. A guest's datagram to somewhere new opens a host socket connected there (its
 * answers come back as from the address the guest used); a datagram arriving at a forward's socket becomes a
 * flow through that socket back to its sender. Flows end after {@link GatewayLimits#udpIdle} without traffic.
 */
final class UdpTranslator implements AutoCloseable {
    /** The largest datagram a host socket can hand over. */
    private static final int MAX_DATAGRAM = 65507;
    /** Datagrams taken from one socket per event, so one busy flow cannot hold the thread. */
    private static final int BATCH = 64;

    private final EventLoop loop;
    private final GuestWire wire;
    private final GatewayLimits limits;
    private final Map<FlowKey, UdpFlow> flows = new HashMap<>();
    private final Map<MacAddress, Integer> perGuest = new HashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private long refused;

    UdpTranslator(EventLoop loop, GuestWire wire, GatewayLimits limits) {
        this.loop = loop;
        this.wire = wire;
        this.limits = limits;
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
            if (flows.remove(key) != this) {
                return;
            }
            perGuest.computeIfPresent(key.guestMac(), (mac, count) -> count > 1 ? count - 1 : null);
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
            if (flows.size() >= limits.udpFlowsTotal()
                    || perGuest.getOrDefault(key.guestMac(), 0) >= limits.udpFlowsPerGuest()) {
                refused++;
                return;
            }
            try {
                DatagramChannel channel = DatagramChannel.open();
                channel.connect(destination);
                flow = new UdpFlow(key, channel, destination, true, now);
                flow.selection = loop.register(channel, SelectionKey.OP_READ, flow);
                add(flow);
            } catch (IOException e) {
                refused++;
                return;
            }
        }
        flow.send(data, offset, length, now);
    }

    /** A datagram that arrived at a forward's socket from {@code peer}, for the guest port in {@code key}. */
    void fromForward(FlowKey key, DatagramChannel channel, InetSocketAddress peer, byte[] data, int length, long now) {
        UdpFlow flow = flows.get(key);
        if (flow == null) {
            if (perGuest.getOrDefault(key.guestMac(), 0) >= limits.udpFlowsPerGuest()) {
                refused++;
                return;
            }
            flow = new UdpFlow(key, channel, peer, false, now);
            add(flow);
        }
        flow.lastActivity = now;
        wire.udp(key, data, 0, length);
    }

    private void add(UdpFlow flow) {
        flows.put(flow.key, flow);
        perGuest.merge(flow.key.guestMac(), 1, Integer::sum);
    }

    /** Ends the flows that use a forward's socket, when the forward goes. */
    void forget(DatagramChannel forwardChannel) {
        for (UdpFlow flow : List.copyOf(flows.values())) {
            if (flow.channel == forwardChannel) {
                flow.close();
            }
        }
    }

    void tick(long now) {
        long idle = limits.udpIdle().toNanos();
        for (UdpFlow flow : List.copyOf(flows.values())) {
            if (now - flow.lastActivity > idle) {
                flow.close();
            }
        }
    }

    int size() {
        return flows.size();
    }

    long refused() {
        return refused;
    }

    @Override
    public void close() {
        for (UdpFlow flow : List.copyOf(flows.values())) {
            flow.close();
        }
    }
}
