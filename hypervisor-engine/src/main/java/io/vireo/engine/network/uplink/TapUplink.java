package io.vireo.engine.network.uplink;

import io.vireo.engine.network.FrameReceiver;
import io.vireo.engine.network.NetworkException;
import io.vireo.engine.network.NetworkMode;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.SwitchPort;
import io.vireo.engine.network.frame.EthernetFrame;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A bridged network's uplink: a trusted port on the network's switch whose frames go to a host TAP device and
 * back. The spec's uplink names either that TAP device (opened, or created if absent) or a Linux bridge, which
 * gets a new TAP device {@code vireo-N} as a port. Guest frames are written to the device on the sender's thread;
 * host frames are read on the uplink's own thread. Closing removes the devices it created and sets down one it
 * only brought up.
 */
public final class TapUplink implements FrameReceiver, AutoCloseable {
    /** The largest frame either way: a 1500-byte MTU behind an Ethernet header with a VLAN tag. */
    public static final int MAX_FRAME = 1500 + EthernetFrame.TAGGED_HEADER;
    /** How long the reader waits for the host before it looks whether the uplink closed. */
    private static final int POLL_MILLIS = 100;
    private static final Pattern DEVICE_NAME = Pattern.compile("[A-Za-z0-9._-]{1," + TapDevice.MAX_NAME + "}");
    private static final String BRIDGE_PORT = "vireo-%d";

    private final TapDevice device;
    private final boolean setDownOnClose;
    private final Thread reader;
    private final LongAdder toHost = new LongAdder();
    private final LongAdder fromHost = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder oversized = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String failure;
    private SwitchPort port;

    private TapUplink(TapDevice device, boolean setDownOnClose) {
        this.device = device;
        this.setDownOnClose = setDownOnClose;
        this.reader = Thread.ofPlatform().daemon().name("uplink-" + device.name()).unstarted(this::readFromHost);
    }

    /**
     * Opens the uplink of bridged network {@code spec}; {@code plug} puts it on the network's switch as a trusted
     * port. Without root or CAP_NET_ADMIN, or without {@code /dev/net/tun}, fails with a message that says so.
     */
    public static TapUplink open(NetworkSpec spec, Function<FrameReceiver, SwitchPort> plug) throws NetworkException {
        if (spec.mode() != NetworkMode.BRIDGED) {
            throw new IllegalArgumentException("only a bridged network has an uplink");
        }
        String uplink = spec.uplink().orElseThrow();
        if (!DEVICE_NAME.matcher(uplink).matches() || uplink.equals(".") || uplink.equals("..")) {
            throw new NetworkException("bridged network '" + spec.name() + "' names uplink '" + uplink
                    + "', which is not a host interface name (up to 15 letters, digits, dot, dash or underscore)");
        }
        boolean bridge = HostInterfaces.isBridge(uplink);
        boolean existed = !bridge && TapDevice.exists(uplink);
        TapDevice device = openDevice(spec, uplink, bridge);
        try {
            if (bridge) {
                HostInterfaces.addToBridge(uplink, device.name());
            }
            boolean broughtUp = HostInterfaces.setUp(device.name(), true);
            TapUplink tap = new TapUplink(device, existed && broughtUp);
            tap.port = plug.apply(tap);
            tap.reader.start();
            return tap;
        } catch (RuntimeException e) {
            device.close();
            throw e;
        } catch (HostCallFailed e) {
            device.close();
            throw explain(spec, bridge ? "add a TAP device to bridge '" + uplink + "'" : "bring up TAP device '"
                    + uplink + "'", e);
        }
    }

    private static TapDevice openDevice(NetworkSpec spec, String uplink, boolean bridge) throws NetworkException {
        try {
            return TapDevice.open(bridge ? BRIDGE_PORT : uplink);
        } catch (HostCallFailed e) {
            String what = bridge ? "create a TAP device for bridge '" + uplink + "'" : "open TAP device '" + uplink + "'";
            switch (e.errno()) {
                case HostCallFailed.ENOENT, HostCallFailed.ENXIO, HostCallFailed.ENODEV -> throw new NetworkException(
                        "bridged network '" + spec.name() + "' needs " + TapDevice.CLONE_DEVICE + " to " + what
                                + ", and this host has none (is the tun module loaded?)", e);
                case HostCallFailed.EBUSY -> throw new NetworkException("bridged network '" + spec.name()
                        + "' cannot " + what + ": another process holds it", e);
                case HostCallFailed.EINVAL -> throw new NetworkException("bridged network '" + spec.name()
                        + "' names uplink '" + uplink + "', which is neither a TAP device nor a bridge", e);
                default -> throw explain(spec, what, e);
            }
        }
    }

    private static NetworkException explain(NetworkSpec spec, String what, HostCallFailed e) {
        if (e.deniedPrivilege()) {
            return new NetworkException("bridged network '" + spec.name() + "' needs root or CAP_NET_ADMIN to " + what, e);
        }
        return new NetworkException("bridged network '" + spec.name() + "' cannot " + what + ": " + e.getMessage(), e);
    }

    /** The host interface the uplink reads and writes: the named TAP device, or the one it added to the bridge. */
    public String device() {
        return device.name();
    }

    /** A frame from the switch, for the host. */
    @Override
    public void receive(ByteBuffer frame) {
        if (frame.remaining() > MAX_FRAME) {
            oversized.increment();
        } else if (device.write(frame)) {
            toHost.increment();
        } else {
            dropped.increment();
        }
    }

    /** The reader thread: every frame the host sends to the device goes into the switch. */
    private void readFromHost() {
        byte[] frame = new byte[MAX_FRAME];
        try {
            while (!closed.get()) {
                if (!device.awaitReadable(POLL_MILLIS)) {
                    continue;
                }
                for (int length = device.read(frame); length >= 0 && !closed.get(); length = device.read(frame)) {
                    if (length > MAX_FRAME) {
                        oversized.increment();
                    } else {
                        fromHost.increment();
                        port.send(ByteBuffer.wrap(frame, 0, length));
                    }
                }
            }
        } catch (HostCallFailed e) {
            failure = e.getMessage();
        }
    }

    public UplinkStats stats() {
        return new UplinkStats(device.name(), toHost.sum(), fromHost.sum(), dropped.sum(), oversized.sum(),
                Optional.ofNullable(failure));
    }

    /** Unplugs from the switch, stops reading, and gives the host back its interfaces as they were; once. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        port.close();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (setDownOnClose) {
                HostInterfaces.setUp(device.name(), false);
            }
        } catch (HostCallFailed e) {
            failure = e.getMessage();
        } finally {
            device.close();
        }
    }
}
