package io.vireo.engine.network.gateway;

import io.vireo.engine.network.frame.TcpHeader;
import io.vireo.engine.network.frame.TcpSegment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's TCP flows: finds the flow of each guest segment, opens a host connection for a guest's SYN
 * where the network allows it, resets what belongs to no flow, and caps how many flows each guest holds.
 */
final class TcpTranslator implements TcpFlow.Owner, AutoCloseable {
    private final EventLoop loop;
    private final GuestWire wire;
    private final GatewayLimits limits;
    private final FlowTable<TcpFlow> flows;
    private final Set<TcpFlow> acknowledgments = new LinkedHashSet<>();

    TcpTranslator(EventLoop loop, GuestWire wire, GatewayLimits limits) {
        this.loop = loop;
        this.wire = wire;
        this.limits = limits;
        this.flows = new FlowTable<>(limits.tcpFlowsPerGuest(), limits.tcpFlowsTotal());
    }

    /** A guest segment; {@code destination} is where the gateway maps its far end, empty when refused. */
    void fromGuest(FlowKey key, TcpSegment segment, Optional<InetSocketAddress> destination, long now) {
        TcpFlow flow = flows.get(key);
        if (flow != null) {
            flow.onSegment(segment, now);
            return;
        }
        TcpHeader header = segment.header();
        if (header.has(TcpHeader.RST)) {
            return;
        }
        if (!header.has(TcpHeader.SYN) || header.has(TcpHeader.ACK) || destination.isEmpty()
                || flows.full(key.guestMac())) {
            flows.refuse();
            resetUnknown(key, segment);
            return;
        }
        try {
            SocketChannel socket = SocketChannel.open();
            socket.configureBlocking(false);
            socket.connect(destination.get());
            add(TcpFlow.connecting(key, header, socket, wire, limits, this, now));
        } catch (IOException e) {
            resetUnknown(key, segment);
        }
    }

    /** A connection a port forward accepted for the guest's port in {@code key}. */
    void accepted(FlowKey key, SocketChannel socket, long now) throws IOException {
        if (flows.get(key) != null || flows.full(key.guestMac())) {
            flows.refuse();
            socket.close();
            return;
        }
        socket.configureBlocking(false);
        add(TcpFlow.accepted(key, socket, wire, limits, this, now));
    }

    private void add(TcpFlow flow) throws IOException {
        flows.add(flow.key(), flow);
        flow.watch(loop);
    }

    @Override
    public void closed(TcpFlow flow) {
        flows.remove(flow.key(), flow);
        acknowledgments.remove(flow);
    }

    @Override
    public void acknowledgeLater(TcpFlow flow) {
        acknowledgments.add(flow);
    }

    /**
     * Sends the acknowledgments held back while frames and socket events were handled that are due, and has
     * the loop come back for the others when they are.
     */
    void flushAcknowledgments() {
        long now = System.nanoTime();
        long soonest = Long.MAX_VALUE;
        for (Iterator<TcpFlow> owed = acknowledgments.iterator(); owed.hasNext(); ) {
            long wait = owed.next().acknowledge(now);
            if (wait == 0) {
                owed.remove();
            } else {
                soonest = Math.min(soonest, wait);
            }
        }
        if (soonest != Long.MAX_VALUE) {
            loop.tickWithin(soonest);
        }
    }

    /** RFC 9293's answer to a segment for no connection: a reset the sender will accept. */
    private void resetUnknown(FlowKey key, TcpSegment segment) {
        TcpHeader header = segment.header();
        TcpHeader reset = header.has(TcpHeader.ACK)
                ? new TcpHeader(key.remotePort(), key.guestPort(), header.acknowledgment(), 0, TcpHeader.RST, 0,
                        TcpHeader.ABSENT, TcpHeader.ABSENT)
                : new TcpHeader(key.remotePort(), key.guestPort(), 0, header.sequence() + segment.sequenceLength(),
                        TcpHeader.RST | TcpHeader.ACK, 0, TcpHeader.ABSENT, TcpHeader.ABSENT);
        wire.tcp(key, reset, null, 0, 0);
    }

    void tick(long now) {
        flows.snapshot().forEach(flow -> flow.tick(now));
    }

    FlowTable<TcpFlow> flows() {
        return flows;
    }

    @Override
    public void close() {
        flows.snapshot().forEach(TcpFlow::close);
    }
}
