package io.vireo.engine.network.sw;

import io.vireo.engine.network.FrameReceiver;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkAttachment;
import io.vireo.engine.network.SwitchPort;
import io.vireo.engine.network.frame.EthernetFrame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A virtual network's L2 switch: learns where each source address lives (forgetting it after the aging
 * time), forwards unicast to the learned port and floods broadcast, multicast and unknown unicast within
 * the frame's VLAN. NIC ports are access ports that may send only from the MAC they were plugged with;
 * the gateway and uplink plug in as trusted trunk ports ({@link #plugTrusted}).
 *
 * <p>Frames are forwarded on the sender's thread (a hart for a NIC, the gateway's own thread), without
 * locks or allocation on the way: ports are a copy-on-write array, the address table a concurrent map
 * refreshed in place. A receiver that sends in turn from within {@code receive} nests, up to a small depth;
 * deeper frames are dropped so a pair of echoing receivers cannot recurse without end. A flooded frame
 * reaches each receiver in the same buffer (position and limit reset for each): receivers read it and must
 * not write into it.
 */
public final class VirtualSwitch implements NetworkAttachment {
    public static final Duration DEFAULT_AGING = Duration.ofMinutes(5);
    /** The largest frame a port takes: 64 KiB of payload (a segmentation-offload frame) and a tagged header. */
    public static final int MAX_FRAME = 65_536 + EthernetFrame.TAGGED_HEADER;
    static final int MAC_TABLE_CAPACITY = 4096;
    private static final int MAX_NESTING = 4;

    private final InstantSource clock;
    private final MacTable macs;
    private final Object plugLock = new Object();
    private volatile Port[] ports = new Port[0];
    private final ThreadLocal<Nesting> nesting = ThreadLocal.withInitial(Nesting::new);

    /** A sending thread's frames in flight through this switch: one per level of receivers sending in turn. */
    private static final class Nesting {
        final Delivery[] levels = new Delivery[MAX_NESTING];
        int depth;

        Delivery current() {
            if (levels[depth] == null) {
                levels[depth] = new Delivery();
            }
            return levels[depth];
        }
    }

    public VirtualSwitch(InstantSource clock) {
        this(clock, DEFAULT_AGING);
    }

    public VirtualSwitch(InstantSource clock, Duration aging) {
        if (aging.isNegative() || aging.isZero()) {
            throw new IllegalArgumentException("an aging time is positive, was " + aging);
        }
        this.clock = clock;
        this.macs = new MacTable(aging.toMillis(), MAC_TABLE_CAPACITY);
    }

    @Override
    public SwitchPort plug(MacAddress mac, OptionalInt vlan, FrameReceiver receiver) {
        return plug(mac, vlan, receiver, OptionalLong.empty());
    }

    /**
     * Plugs in a NIC as {@link #plug(MacAddress, OptionalInt, FrameReceiver)} does, limiting what it sends and
     * what it receives each to {@code bytesPerSecond}; frames over the limit are dropped and counted.
     */
    public SwitchPort plug(MacAddress mac, OptionalInt vlan, FrameReceiver receiver, OptionalLong bytesPerSecond) {
        if (mac.isMulticast()) {
            throw new IllegalArgumentException("a NIC's MAC must be unicast: " + mac);
        }
        if (vlan.isPresent() && (vlan.getAsInt() < 1 || vlan.getAsInt() > 4094)) {
            throw new IllegalArgumentException("a VLAN id is 1..4094, was " + vlan.getAsInt());
        }
        TokenBucket sendLimit = bytesPerSecond.isPresent() ? limiter(bytesPerSecond.getAsLong()) : null;
        TokenBucket receiveLimit = bytesPerSecond.isPresent() ? limiter(bytesPerSecond.getAsLong()) : null;
        Port port = new Port(this, mac.bits(), vlan.orElse(Port.UNTAGGED), receiver, sendLimit, receiveLimit);
        synchronized (plugLock) {
            for (Port plugged : ports) {
                if (!plugged.trunk() && plugged.mac == mac.bits()) {
                    throw new IllegalArgumentException(mac + " is already plugged into this switch");
                }
            }
            add(port);
        }
        return port;
    }

    /**
     * Plugs in the gateway or an uplink: a trunk port that may send from any address, receives every VLAN's
     * frames tagged with their VLAN (the untagged segment's untagged), and chooses a frame's VLAN by its tag.
     */
    public SwitchPort plugTrusted(FrameReceiver receiver) {
        Port port = new Port(this, -1, Port.TRUNK, receiver, null, null);
        synchronized (plugLock) {
            add(port);
        }
        return port;
    }

    private TokenBucket limiter(long bytesPerSecond) {
        return new TokenBucket(bytesPerSecond, TokenBucket.MINIMUM_REFILL, MAX_FRAME, clock);
    }

    private void add(Port port) {
        Port[] grown = Arrays.copyOf(ports, ports.length + 1);
        grown[ports.length] = port;
        ports = grown;
    }

    void unplug(Port port) {
        synchronized (plugLock) {
            ports = Arrays.stream(ports).filter(plugged -> plugged != port).toArray(Port[]::new);
        }
        macs.forget(port);
    }

    /** How many addresses the switch knows, aged-out ones not yet swept included. */
    int learnedAddresses() {
        return macs.size();
    }

    void forward(Port from, ByteBuffer frame) {
        int length = frame.remaining();
        if (length < EthernetFrame.HEADER || length > MAX_FRAME
                || from.sendLimit != null && !from.sendLimit.tryTake(length)) {
            from.counters.dropped();
            return;
        }
        int start = frame.position();
        long source = mac(frame, start + 6);
        boolean tagged = u16(frame, start + 12) == EthernetFrame.VLAN_TAG;
        int vlan = ingressVlan(from, frame, start, source, tagged);
        Nesting thread = nesting.get();
        if (vlan < 0 || isMulticast(source) || thread.depth >= MAX_NESTING) {
            from.counters.dropped();
            return;
        }
        from.counters.sent(length);
        long now = clock.millis();
        macs.learn(vlan, source, from, now);
        long destination = mac(frame, start);
        Delivery delivery = thread.current();
        delivery.reset(frame, tagged, vlan);
        thread.depth++;
        try {
            Port target = isMulticast(destination) ? null : macs.lookup(vlan, destination, now);
            if (target != null) {
                if (target != from) {
                    deliver(target, delivery);
                }
            } else {
                for (Port port : ports) {
                    if (port != from && port.carries(vlan)) {
                        deliver(port, delivery);
                    }
                }
            }
        } finally {
            thread.depth--;
            delivery.restore();
        }
    }

    /**
     * The VLAN a frame travels in: an access port's own (and only from its own MAC, untagged), a trunk
     * port's by the frame's tag. Negative for a frame to refuse.
     */
    private static int ingressVlan(Port from, ByteBuffer frame, int start, long source, boolean tagged) {
        if (!from.trunk()) {
            return source == from.mac && !tagged ? from.vlan : -1;
        }
        if (!tagged) {
            return Port.UNTAGGED;
        }
        if (frame.remaining() < EthernetFrame.TAGGED_HEADER) {
            return -1;
        }
        int vlan = u16(frame, start + 14) & 0xFFF;
        // 0 is a priority tag on the untagged segment; 4095 is reserved.
        return vlan == 0xFFF ? -1 : vlan;
    }

    private static void deliver(Port port, Delivery delivery) {
        ByteBuffer frame = delivery.forPort(port);
        int length = frame.remaining();
        if (port.receiveLimit != null && !port.receiveLimit.tryTake(length)) {
            port.counters.dropped();
            return;
        }
        try {
            port.receiver.receive(frame);
            port.counters.received(length);
        } catch (RuntimeException e) {
            // One receiver's failure must not stop delivery to the others or reach the sender's thread.
            port.counters.dropped();
        }
    }

    private static boolean isMulticast(long mac) {
        return (mac >>> 40 & 1) != 0;
    }

    private static long mac(ByteBuffer frame, int at) {
        long bits = 0;
        for (int i = 0; i < 6; i++) {
            bits = bits << 8 | frame.get(at + i) & 0xFF;
        }
        return bits;
    }

    private static int u16(ByteBuffer frame, int at) {
        return (frame.get(at) & 0xFF) << 8 | frame.get(at + 1) & 0xFF;
    }
}
