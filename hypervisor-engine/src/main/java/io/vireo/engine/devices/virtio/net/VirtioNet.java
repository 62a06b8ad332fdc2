package io.vireo.engine.devices.virtio.net;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.devices.virtio.VirtQueue;
import io.vireo.engine.devices.virtio.VirtioDevice;
import io.vireo.engine.devices.virtio.VirtqueueException;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.network.FrameReceiver;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkAttachment;
import io.vireo.engine.network.PortCounters;
import io.vireo.engine.network.SwitchPort;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A virtio-net card (virtio 1.x §5.1) plugged into a virtual network's switch: receive queue 0, whose
 * device-writable buffers take frames from the switch, and transmit queue 1, whose driver-readable
 * buffers carry frames to it. Its configuration space holds the MAC, the link status and the network's MTU
 * (64 KiB frames on a network of Vireo's own, {@link NetworkAttachment#mtu}); a driver that takes mergeable
 * receive buffers gets a large frame spread over as many of its buffers as it takes. Checksums the guest
 * leaves to the device are completed, and large TCP segments cut to the MTU, before a frame leaves
 * ({@link TxFrame}, {@link TcpSegmenter}). So every frame on a switch carries correct checksums (the gateway
 * builds its own whole), and received frames are marked DATA_VALID: the guest need not verify them again,
 * which in an emulator is a real part of its per-packet cost.
 *
 * <p>Transmission runs on the notifying hart's thread and ends in the switch, which never blocks.
 * Frames from the switch arrive on the sender's thread (the network's, or a hart's) and go straight into
 * posted receive buffers, or wait in a bounded {@link RxBacklog} until the guest posts some. With a rate
 * limit each direction pays into its own {@link Pacer}; once in debt it stops taking chains and looks again
 * when the debt is paid, so the guest's own queues fill and its stack slows down rather than losing frames.
 * Over 400 lines as one device: its configuration, its two queues and the pump they share, under the card's
 * two locks and its counters.
 */
public final class VirtioNet implements VirtioDevice, NicControl, AutoCloseable {
    static final int RX = 0, TX = 1;
    /** What the MTU leaves out of a frame: the Ethernet header and one 802.1Q tag. */
    static final int FRAMING = 18;
    static final int RX_BACKLOG = 256;
    /** Bytes the receive backlog holds at most, whatever the frames' sizes. */
    static final int RX_BACKLOG_BYTES = 1 << 20;
    private static final long F_CSUM = 1L, F_GUEST_CSUM = 1L << 1, F_MTU = 1L << 3, F_MAC = 1L << 5, F_HOST_TSO4 = 1L << 11,
            F_MRG_RXBUF = 1L << 15, F_STATUS = 1L << 16;
    private static final int STATUS_LINK_UP = 1;
    private static final int CONFIG_BYTES = 12;

    private final GuestMemory memory;
    private final MacAddress mac;
    private final int mtu;
    /** The longest frame either way: the MTU plus {@link #FRAMING}. */
    private final int maxFrame;
    private final NicCounters counters = new NicCounters();
    private final Object rxLock = new Object(), txLock = new Object();
    /** Guarded by {@link #rxLock}. */
    private final RxBacklog backlog = new RxBacklog(RX_BACKLOG, RX_BACKLOG_BYTES);
    /** Guarded by {@link #rxLock} and {@link #txLock}; empty without a rate limit. */
    private final Optional<Pacer> rxBudget, txBudget;
    private final AtomicBoolean rxRetry = new AtomicBoolean(), txRetry = new AtomicBoolean();
    private volatile SwitchPort port;
    private volatile boolean linkUp = true;
    private volatile VirtQueue rxQueue, txQueue;
    private volatile DeviceHost host;
    /** The header flags of every received frame: DATA_VALID when the driver takes it (GUEST_CSUM). */
    private volatile byte rxFlags;
    /** Whether the driver took mergeable receive buffers, so a frame may span several. */
    private volatile boolean mergeable;

    private VirtioNet(GuestMemory memory, MacAddress mac, int mtu, OptionalLong rateLimit, LongSupplier nanoTime) {
        this.memory = memory;
        this.mac = mac;
        this.mtu = mtu;
        this.maxFrame = mtu + FRAMING;
        this.rxBudget = rateLimit.stream().mapToObj(rate -> new Pacer(rate, nanoTime)).findFirst();
        this.txBudget = rateLimit.stream().mapToObj(rate -> new Pacer(rate, nanoTime)).findFirst();
    }

    /**
     * A NIC with this MAC plugged into {@code network} (on {@code vlan} if given), limited to
     * {@code rateLimit} bytes per second each way if given. {@link #close} unplugs it.
     */
    public static VirtioNet plug(GuestMemory memory, MacAddress mac, NetworkAttachment network, OptionalInt vlan,
                                 OptionalLong rateLimit) {
        return plug(memory, mac, network, vlan, rateLimit, System::nanoTime);
    }

    static VirtioNet plug(GuestMemory memory, MacAddress mac, NetworkAttachment network, OptionalInt vlan,
                          OptionalLong rateLimit, LongSupplier nanoTime) {
        VirtioNet nic = new VirtioNet(memory, mac, network.mtu(), rateLimit, nanoTime);
        FrameReceiver receiver = nic::receive;
        nic.port = network.plug(mac, vlan, receiver);
        return nic;
    }

    // ---- NicControl ----

    @Override
    public MacAddress mac() {
        return mac;
    }

    @Override
    public boolean linkUp() {
        return linkUp;
    }

    @Override
    public void setLinkUp(boolean up) {
        if (linkUp == up) {
            return;
        }
        linkUp = up;
        if (!up) {
            synchronized (rxLock) {
                dropAll();
            }
        }
        DeviceHost h = host;
        if (h != null) {
            h.configChanged();
        }
    }

    @Override
    public PortCounters counters() {
        return counters.snapshot();
    }

    // ---- VirtioDevice ----

    @Override
    public int deviceId() {
        return 1;
    }

    @Override
    public long features() {
        return F_CSUM | F_GUEST_CSUM | F_HOST_TSO4 | F_MTU | F_MAC | F_STATUS | F_MRG_RXBUF;
    }

    @Override
    public int queueCount() {
        return 2;
    }

    /** {mac[6], le16 status, le16 max_virtqueue_pairs, le16 mtu}. */
    @Override
    public long readConfig(int offset, int width) {
        if (offset < 0 || width < 1 || offset + width > CONFIG_BYTES) {
            return 0;
        }
        byte[] config = new byte[CONFIG_BYTES];
        mac.write(config, 0);
        ByteBuffer c = ByteBuffer.wrap(config).order(ByteOrder.LITTLE_ENDIAN);
        c.putShort(6, (short) (linkUp ? STATUS_LINK_UP : 0));
        c.putShort(8, (short) 1);
        c.putShort(10, (short) mtu);
        long value = 0;
        for (int i = width - 1; i >= 0; i--) {
            value = value << 8 | (config[offset + i] & 0xFF);
        }
        return value;
    }

    @Override
    public void activate(VirtQueue[] queues, DeviceHost host) {
        this.host = host;
        this.rxFlags = (host.driverFeatures() & F_GUEST_CSUM) != 0 ? (byte) TxFrame.F_DATA_VALID : 0;
        this.mergeable = (host.driverFeatures() & F_MRG_RXBUF) != 0;
        this.rxQueue = queues[RX];
        this.txQueue = queues[TX];
    }

    @Override
    public void queueNotify(int index) {
        if (index == TX) {
            transmit();
        } else {
            synchronized (rxLock) {
                deliver();
            }
        }
    }

    /** Under each direction's lock: a transfer still touching guest RAM finishes first, none starts after. */
    @Override
    public void reset() {
        synchronized (txLock) {
            txQueue = null;
        }
        synchronized (rxLock) {
            rxQueue = null;
            host = null;
            dropAll();
        }
    }

    /**
     * Stops the card for a saved machine: frames waiting for receive buffers are dropped, as a real card's
     * are when its host sleeps (the guest's TCP sends them again). What the card keeps is its link state.
     */
    @Override
    public long[] quiesce() {
        reset();
        return new long[] {linkUp ? 1 : 0};
    }

    @Override
    public void restoreState(long[] fields, VirtQueue[] queues) {
        if (fields.length != 1 || (fields[0] & ~1L) != 0) {
            throw new IllegalArgumentException("a NIC's state is one link flag (0 or 1), was " + Arrays.toString(fields));
        }
        linkUp = fields[0] == 1;
    }

    /** Unplugs the NIC from its network (the machine is powering off). */
    @Override
    public void close() {
        reset();
        port.close();
    }

    // ---- transmit: guest to switch ----

    private void transmit() {
        synchronized (txLock) {
            pump(txQueue, txBudget, txRetry, this::transmit, () -> true, queue -> oneChain(queue, chain -> {
                send(chain);
                return 0;
            }));
        }
    }

    private void send(DescriptorChain chain) {
        TxFrame frame;
        try {
            frame = TxFrame.parse(memory, chain, maxFrame);
        } catch (TxFrame.Dropped dropped) {
            counters.dropped();
            return;
        }
        if (!linkUp) {
            counters.dropped();
            return;
        }
        for (byte[] bytes : frame.frames()) {
            txBudget.ifPresent(budget -> budget.spend(bytes.length));
            counters.sent(bytes.length);
            port.send(ByteBuffer.wrap(bytes));
        }
    }

    // ---- receive: switch to guest ----

    /** A frame from the switch, on the sender's thread: never blocks. */
    private void receive(ByteBuffer frame) {
        int length = frame.remaining();
        if (!linkUp || host == null || length < TxFrame.MIN_FRAME || length > maxFrame) {
            counters.dropped();
            return;
        }
        synchronized (rxLock) {
            if (!backlog.offer(frame)) {
                counters.dropped();
                return;
            }
            deliver();
        }
    }

    /** Moves backlogged frames into posted receive buffers while there are both; holds {@link #rxLock}. */
    private void deliver() {
        pump(rxQueue, rxBudget, rxRetry, this::deliverLater, () -> backlog.peek() != null,
                mergeable ? this::fillMerged : queue -> oneChain(queue, this::fill));
    }

    /** What one step of a {@link #pump} did. */
    private enum Served {
        /** The driver has posted nothing for it: the pump stops. */
        NOTHING,
        /** Buffers went back to the driver, which asked for no interrupt. */
        QUIETLY,
        /** Buffers went back to the driver, which wants an interrupt. */
        INTERRUPT
    }

    /** One step of a {@link #pump}: takes what the driver posted for it, serves it and returns it. */
    @FunctionalInterface
    private interface Step {
        Served take(VirtQueue queue) throws VirtqueueException;
    }

    /**
     * Runs {@code step} while {@code more} holds, the driver has posted buffers and the pacer (if any) is out
     * of debt; when it is not, {@code again} runs once it is. One interrupt for the whole batch. The caller
     * holds that direction's lock.
     */
    private void pump(VirtQueue queue, Optional<Pacer> pacer, AtomicBoolean retry, Runnable again,
                      BooleanSupplier more, Step step) {
        DeviceHost h = host;
        if (queue == null || h == null) {
            return;
        }
        boolean interrupt = false;
        try {
            while (more.getAsBoolean()) {
                if (pacer.isPresent() && !pacer.get().ready()) {
                    retryLater(retry, pacer.get().nanosUntilReady(), again);
                    break;
                }
                Served served = step.take(queue);
                if (served == Served.NOTHING) {
                    break;
                }
                interrupt |= served == Served.INTERRUPT;
            }
        } catch (VirtqueueException e) {
            h.needsReset(e.getMessage());
        }
        if (interrupt) {
            h.usedBuffers(queue);
        }
    }

    /** A step over the next chain alone, {@code server} telling how many bytes it wrote into it. */
    private static Served oneChain(VirtQueue queue, VirtQueue.ChainServer server) throws VirtqueueException {
        Optional<DescriptorChain> next = queue.next();
        if (next.isEmpty()) {
            return Served.NOTHING;
        }
        return queue.complete(next.get(), server.serve(next.get())) ? Served.INTERRUPT : Served.QUIETLY;
    }

    /**
     * Writes the oldest frame, behind its header, into a receive chain; returns the bytes written. A chain
     * with driver-readable buffers is returned empty and the frame waits for the next one; a frame larger
     * than the chain is dropped, and the chain returned empty, so nothing of either leaks.
     */
    private int fill(DescriptorChain chain) {
        if (!chain.readable().isEmpty()) {
            return 0;
        }
        byte[] frame = backlog.peek();
        backlog.remove();
        if (chain.writableLength() < frame.length) {
            counters.dropped();
            return 0;
        }
        return scatter(frame, List.of(chain))[0];
    }

    /**
     * With mergeable receive buffers: the oldest frame into as many posted chains as it takes, returned to
     * the driver together with their count in the first one's header. The frame waits while the driver has
     * posted too little, and is dropped when even a full queue of its buffers could not hold it.
     */
    private Served fillMerged(VirtQueue queue) throws VirtqueueException {
        byte[] frame = backlog.peek();
        Optional<List<DescriptorChain>> chains = queue.nextHolding(frame.length);
        if (chains.isEmpty()) {
            return Served.NOTHING;
        }
        backlog.remove();
        if (chains.get().isEmpty()) {
            counters.dropped();
            return Served.QUIETLY;
        }
        return queue.completeAll(chains.get(), scatter(frame, chains.get())) ? Served.INTERRUPT : Served.QUIETLY;
    }

    /**
     * Writes a frame, behind its header, across {@code chains} in order; returns the bytes each took. Only
     * device-writable buffers are written: a chain the driver posted readable (which it must not) takes
     * nothing and comes back empty among the others.
     */
    private int[] scatter(byte[] frame, List<DescriptorChain> chains) {
        frame[0] = rxFlags;
        frame[10] = (byte) chains.size(); // num_buffers, little-endian 16 bits
        frame[11] = (byte) (chains.size() >>> 8);
        int[] written = new int[chains.size()];
        int offset = 0;
        for (int i = 0; i < chains.size(); i++) {
            written[i] = chains.get(i).write(memory, 0, frame, offset, frame.length - offset);
            offset += written[i];
        }
        rxBudget.ifPresent(budget -> budget.spend(frame.length - TxFrame.HEADER));
        counters.received(frame.length - TxFrame.HEADER);
        return written;
    }

    private void deliverLater() {
        synchronized (rxLock) {
            deliver();
        }
    }

    private void dropAll() {
        counters.dropped(backlog.clear());
    }

    /** Runs {@code work} after {@code nanos}, unless it is already due to run. */
    private static void retryLater(AtomicBoolean pending, long nanos, Runnable work) {
        if (pending.compareAndSet(false, true)) {
            CompletableFuture.delayedExecutor(Math.max(nanos, 1), TimeUnit.NANOSECONDS).execute(() -> {
                pending.set(false);
                work.run();
            });
        }
    }
}
