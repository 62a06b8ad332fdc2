package io.vireo.engine.devices.virtio;

import io.vireo.engine.devices.InterruptLine;
import io.vireo.engine.devices.MmioDevice;
import io.vireo.engine.mmu.GuestMemory;

import java.util.ArrayList;
import java.util.List;

/**
 * The virtio-mmio transport, version 2 only (virtio 1.x §4.2.2): register window, feature negotiation
 * with VIRTIO_F_VERSION_1 required, queue set-up, notifications and the interrupt status. A protocol
 * error sets DEVICE_NEEDS_RESET and raises a configuration interrupt; nothing a driver writes here can
 * throw out of the device.
 */
public final class VirtioMmioTransport implements MmioDevice, VirtioDevice.DeviceHost {
    public static final long F_VERSION_1 = 1L << 32;
    public static final long F_RING_EVENT_IDX = 1L << 29;
    public static final long F_RING_INDIRECT_DESC = 1L << 28;
    private static final int MAGIC = 0x74726976; // "virt"
    private static final int VENDOR = 0x4F524956; // "VIRO"
    private static final int DRIVER_OK = 4, FEATURES_OK = 8, NEEDS_RESET = 64;
    private static final int USED_BUFFER = 1, CONFIG_CHANGE = 2;

    private final GuestMemory memory;
    private final InterruptLine irq;
    private final VirtioDevice device;
    private final VirtQueue[] queues;
    private final int[] queueSize;
    private final long[] queueDesc, queueDriver, queueDevice;

    private int status;
    private int deviceFeaturesSel, driverFeaturesSel;
    private long driverFeatures;
    private int queueSel;
    private int interruptStatus;
    private int configGeneration;
    private volatile String lastError;
    /** What the device answered when it was last quiesced for a saved machine. */
    private long[] quiescedDevice = new long[0];

    public VirtioMmioTransport(GuestMemory memory, InterruptLine irq, VirtioDevice device) {
        this.memory = memory;
        this.irq = irq;
        this.device = device;
        int n = device.queueCount();
        this.queues = new VirtQueue[n];
        this.queueSize = new int[n];
        this.queueDesc = new long[n];
        this.queueDriver = new long[n];
        this.queueDevice = new long[n];
        for (int i = 0; i < n; i++) {
            queues[i] = new VirtQueue(i, memory);
        }
    }

    @Override
    public long size() {
        return 0x1000;
    }

    public VirtioDevice device() {
        return device;
    }

    /** Why the device last needed a reset, for diagnostics (null if it never did). */
    public String lastError() {
        return lastError;
    }

    private long offeredFeatures() {
        return device.features() | F_VERSION_1 | F_RING_EVENT_IDX | F_RING_INDIRECT_DESC;
    }

    @Override
    public synchronized long read(long offset, int width) {
        if (offset >= 0x100) {
            return device.readConfig((int) (offset - 0x100), width);
        }
        if (width != 4) {
            return 0;
        }
        return switch ((int) offset) {
            case 0x000 -> MAGIC;
            case 0x004 -> 2;
            case 0x008 -> device.deviceId();
            case 0x00C -> VENDOR;
            case 0x010 -> deviceFeaturesSel > 1 ? 0 : (offeredFeatures() >>> (32 * deviceFeaturesSel)) & 0xFFFFFFFFL;
            case 0x034 -> selectedQueueExists() ? device.queueMaxSize(queueSel) : 0;
            case 0x044 -> selectedQueueExists() && queues[queueSel].ready() ? 1 : 0;
            case 0x060 -> interruptStatus;
            case 0x070 -> status;
            case 0x0B0, 0x0B4 -> 0xFFFFFFFFL; // no shared memory regions
            case 0x0FC -> configGeneration;
            default -> 0;
        };
    }

    @Override
    public void write(long offset, int width, long value) {
        if (offset >= 0x100) {
            device.writeConfig((int) (offset - 0x100), width, value);
            return;
        }
        if (width != 4) {
            return;
        }
        int v = (int) value;
        if (offset == 0x050) {
            // Outside the lock: the device may complete buffers, which takes the lock to raise the interrupt.
            if ((status & DRIVER_OK) != 0 && v >= 0 && v < queues.length) {
                device.queueNotify(v);
            }
            return;
        }
        synchronized (this) {
            switch ((int) offset) {
                case 0x014 -> deviceFeaturesSel = v;
                case 0x020 -> {
                    if (driverFeaturesSel <= 1 && (status & FEATURES_OK) == 0) {
                        long mask = 0xFFFFFFFFL << (32 * driverFeaturesSel);
                        driverFeatures = (driverFeatures & ~mask) | ((v & 0xFFFFFFFFL) << (32 * driverFeaturesSel));
                    }
                }
                case 0x024 -> driverFeaturesSel = v;
                case 0x030 -> queueSel = v;
                case 0x038 -> {
                    if (selectedQueueEditable()) {
                        queueSize[queueSel] = v;
                    }
                }
                case 0x044 -> setQueueReady(v == 1);
                case 0x064 -> {
                    interruptStatus &= ~v;
                    irq.set(interruptStatus != 0);
                }
                case 0x070 -> setStatus(v);
                case 0x080 -> setAddress(queueDesc, v, false);
                case 0x084 -> setAddress(queueDesc, v, true);
                case 0x090 -> setAddress(queueDriver, v, false);
                case 0x094 -> setAddress(queueDriver, v, true);
                case 0x0A0 -> setAddress(queueDevice, v, false);
                case 0x0A4 -> setAddress(queueDevice, v, true);
                default -> { }
            }
        }
    }

    private boolean selectedQueueEditable() {
        return selectedQueueExists() && !queues[queueSel].ready();
    }

    /** The driver may write any number into QueueSel, negative ones too. */
    private boolean selectedQueueExists() {
        return queueSel >= 0 && queueSel < queues.length;
    }

    private void setAddress(long[] table, int v, boolean high) {
        if (!selectedQueueEditable()) {
            return;
        }
        long part = v & 0xFFFFFFFFL;
        table[queueSel] = high ? (table[queueSel] & 0xFFFFFFFFL) | (part << 32) : (table[queueSel] & ~0xFFFFFFFFL) | part;
    }

    private void setQueueReady(boolean ready) {
        if (queueSel < 0 || queueSel >= queues.length) {
            return;
        }
        VirtQueue q = queues[queueSel];
        if (!ready) {
            q.disable();
            return;
        }
        int size = queueSize[queueSel];
        try {
            if (size > device.queueMaxSize(queueSel)) {
                throw new VirtqueueException("queue size " + size + " above the maximum");
            }
            VirtQueue.checkLayout(memory, size, queueDesc[queueSel], queueDriver[queueSel], queueDevice[queueSel]);
            q.configure(size, queueDesc[queueSel], queueDriver[queueSel], queueDevice[queueSel],
                    (driverFeatures & F_RING_EVENT_IDX) != 0);
        } catch (VirtqueueException e) {
            needsResetLocked(e.getMessage());
        }
    }

    private void setStatus(int v) {
        if (v == 0) {
            reset();
            return;
        }
        if ((v & FEATURES_OK) != 0 && (status & FEATURES_OK) == 0) {
            // Modern only: a driver that does not accept VERSION_1 (or asks for more than offered) is refused.
            boolean acceptable = (driverFeatures & F_VERSION_1) != 0 && (driverFeatures & ~offeredFeatures()) == 0;
            if (!acceptable) {
                v &= ~FEATURES_OK;
            }
        }
        boolean becomingLive = (v & DRIVER_OK) != 0 && (status & DRIVER_OK) == 0;
        status = v | (status & NEEDS_RESET);
        if (becomingLive) {
            device.activate(queues, this);
            // Drivers may post (and even notify) buffers before DRIVER_OK, as virtio_balloon does with
            // its first statistics buffer: look at every queue once so none of them is left waiting.
            for (int i = 0; i < queues.length; i++) {
                if (queues[i].ready()) {
                    device.queueNotify(i);
                }
            }
        }
    }

    private void reset() {
        device.reset();
        for (VirtQueue q : queues) {
            q.disable();
        }
        java.util.Arrays.fill(queueSize, 0);
        java.util.Arrays.fill(queueDesc, 0);
        java.util.Arrays.fill(queueDriver, 0);
        java.util.Arrays.fill(queueDevice, 0);
        status = 0;
        driverFeatures = 0;
        interruptStatus = 0;
        irq.set(false);
    }

    // ---- DeviceHost ----

    @Override
    public synchronized void usedBuffers(VirtQueue queue) {
        interruptStatus |= USED_BUFFER;
        irq.set(true);
    }

    @Override
    public synchronized void configChanged() {
        configGeneration++;
        interruptStatus |= CONFIG_CHANGE;
        irq.set(true);
    }

    @Override
    public synchronized void needsReset(String reason) {
        needsResetLocked(reason);
    }

    @Override
    public synchronized long driverFeatures() {
        return driverFeatures;
    }

    private void needsResetLocked(String reason) {
        lastError = reason;
        if ((status & NEEDS_RESET) == 0) {
            status |= NEEDS_RESET;
            interruptStatus |= CONFIG_CHANGE;
            irq.set(true);
        }
    }

    // ---- saved state ----

    /** One queue's registers and, when ready, where the device stands in its rings. */
    public record QueueState(int size, long descriptors, long driverArea, long deviceArea, boolean ready,
                             int lastAvailable, int usedIndex) {
        public QueueState {
            if (((lastAvailable | usedIndex) & ~0xFFFF) != 0) {
                throw new IllegalArgumentException("ring index above 65535");
            }
        }
    }

    /** The transport's registers, its queues and the device's own fields, as a saved machine holds them. */
    public record State(int status, int deviceFeaturesSel, int driverFeaturesSel, long driverFeatures, int queueSel,
                        int interruptStatus, int configGeneration, List<QueueState> queues, long[] device) {
        public State {
            queues = List.copyOf(queues);
            device = device.clone();
            if ((status & ~0xFF) != 0 || (interruptStatus & ~(USED_BUFFER | CONFIG_CHANGE)) != 0) {
                throw new IllegalArgumentException("device status or interrupt status has bits that do not exist");
            }
        }

        /** The device's own fields ({@link VirtioDevice#quiesce}). */
        @Override
        public long[] device() {
            return device.clone();
        }
    }

    /**
     * Stops the device's own work (a block request in flight finishes first), so that {@link #state()} then
     * sees every chain the device took as returned to the driver, or named in the fields the device
     * answered (a buffer it holds).
     */
    public void quiesce() {
        long[] fields = device.quiesce();
        synchronized (this) {
            quiescedDevice = fields;
        }
    }

    public synchronized State state() {
        List<QueueState> saved = new ArrayList<>();
        for (int i = 0; i < queues.length; i++) {
            int[] at = queues[i].indices();
            saved.add(new QueueState(queueSize[i], queueDesc[i], queueDriver[i], queueDevice[i], queues[i].ready(),
                    at[0], at[1]));
        }
        return new State(status, deviceFeaturesSel, driverFeaturesSel, driverFeatures, queueSel, interruptStatus,
                configGeneration, saved, quiescedDevice);
    }

    /**
     * Takes a saved state, checking it against this device and guest RAM as a driver's writes are checked,
     * hands the device its own fields, and, if the driver had set DRIVER_OK, activates the device, which
     * looks at its queues for work posted before the machine stopped.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    public void restore(State state) {
        synchronized (this) {
            restoreRegisters(state);
        }
        device.restoreState(state.device(), queues);
        if ((status & DRIVER_OK) != 0 && (status & NEEDS_RESET) == 0) {
            device.activate(queues, this);
            for (int i = 0; i < queues.length; i++) {
                if (queues[i].ready()) {
                    device.queueNotify(i);
                }
            }
        }
    }

    private void restoreRegisters(State state) {
        if (state.queues().size() != queues.length) {
            throw new IllegalArgumentException(state.queues().size() + " queues; the device has " + queues.length);
        }
        if ((state.status() & FEATURES_OK) != 0 && ((state.driverFeatures() & ~offeredFeatures()) != 0
                || (state.driverFeatures() & F_VERSION_1) == 0)) {
            throw new IllegalArgumentException("negotiated features 0x%x the device does not offer"
                    .formatted(state.driverFeatures()));
        }
        for (int i = 0; i < queues.length; i++) {
            QueueState q = state.queues().get(i);
            if (q.ready()) {
                if (q.size() > device.queueMaxSize(i)) {
                    throw new IllegalArgumentException("queue " + i + " size " + q.size() + " above the maximum");
                }
                try {
                    VirtQueue.checkLayout(memory, q.size(), q.descriptors(), q.driverArea(), q.deviceArea());
                } catch (VirtqueueException e) {
                    throw new IllegalArgumentException("queue " + i + ": " + e.getMessage());
                }
            }
        }
        status = state.status();
        deviceFeaturesSel = state.deviceFeaturesSel();
        driverFeaturesSel = state.driverFeaturesSel();
        driverFeatures = state.driverFeatures();
        queueSel = state.queueSel();
        interruptStatus = state.interruptStatus();
        configGeneration = state.configGeneration();
        for (int i = 0; i < queues.length; i++) {
            QueueState q = state.queues().get(i);
            queueSize[i] = q.size();
            queueDesc[i] = q.descriptors();
            queueDriver[i] = q.driverArea();
            queueDevice[i] = q.deviceArea();
            if (q.ready()) {
                queues[i].restore(q.size(), q.descriptors(), q.driverArea(), q.deviceArea(),
                        (driverFeatures & F_RING_EVENT_IDX) != 0, q.lastAvailable(), q.usedIndex());
            } else {
                queues[i].disable();
            }
        }
        irq.set(interruptStatus != 0);
    }

    /** Stops the device's work (machine power-off). */
    public void shutdown() {
        device.reset();
    }

    /** The device status register, as the driver sees it. */
    public synchronized int status() {
        return status;
    }
}
