package io.vireo.engine.devices.virtio.input;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.devices.virtio.VirtQueue;
import io.vireo.engine.devices.virtio.VirtioDevice;
import io.vireo.engine.devices.virtio.VirtqueueException;
import io.vireo.engine.mmu.GuestMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.Optional;

/**
 * A virtio input device (virtio 1.x §5.8): its configuration space describes which Linux event types
 * and codes it sends, and events go to the buffers the driver posts on the event queue. Events that
 * find no buffer wait in a bounded queue; past it the oldest are dropped, like a full hardware FIFO.
 * A saved machine keeps the configuration selectors; events still waiting when it stops are dropped,
 * as keys pressed while a machine is being put away are.
 */
public final class VirtioInput implements VirtioDevice {
    static final int EV_SYN = 0, EV_KEY = 1, EV_REL = 2, EV_ABS = 3;
    static final int ABS_MAX = 32767;
    private static final int CFG_ID_NAME = 1, CFG_ID_SERIAL = 2, CFG_ID_DEVIDS = 3, CFG_EV_BITS = 0x11,
            CFG_ABS_INFO = 0x12;
    private static final int PENDING_LIMIT = 1024;

    private final GuestMemory memory;
    private final String name;
    private final int product;
    private final Map<Integer, BitSet> eventCodes;
    private final ArrayDeque<long[]> pending = new ArrayDeque<>();
    private int select, subsel;
    private volatile VirtQueue[] queues;
    private volatile DeviceHost host;

    private VirtioInput(GuestMemory memory, String name, int product, Map<Integer, BitSet> eventCodes) {
        this.memory = memory;
        this.name = name;
        this.product = product;
        this.eventCodes = eventCodes;
    }

    /**
     * A keyboard sending every Linux key code 1..248. It has no EV_REP: viewers repeat a held key
     * themselves, and the guest repeating one would turn a key-up that arrives late (a busy host, a slow
     * link) into a run of unwanted characters.
     */
    public static VirtioInput keyboard(GuestMemory memory) {
        BitSet keys = new BitSet();
        keys.set(1, 249);
        return new VirtioInput(memory, "Vireo keyboard", 1, Map.of(EV_KEY, keys));
    }

    /** An absolute pointer (0..32767 on both axes) with three buttons and a wheel. */
    public static VirtioInput tablet(GuestMemory memory) {
        return new VirtioInput(memory, "Vireo tablet", 2, Map.of(EV_KEY, bits(0x110, 0x111, 0x112),
                EV_ABS, bits(0, 1), EV_REL, bits(8)));
    }

    private static BitSet bits(int... codes) {
        BitSet b = new BitSet();
        for (int c : codes) {
            b.set(c);
        }
        return b;
    }

    @Override
    public int deviceId() {
        return 18;
    }

    @Override
    public long features() {
        return 0;
    }

    @Override
    public int queueCount() {
        return 2;
    }

    @Override
    public synchronized long readConfig(int offset, int width) {
        byte[] data = configData();
        if (offset == 2 && width == 1) {
            return data.length;
        }
        if (offset == 0) {
            return select;
        }
        if (offset == 1) {
            return subsel;
        }
        long v = 0;
        for (int i = 0; i < width; i++) {
            int at = offset - 8 + i;
            int b = at >= 0 && at < data.length ? data[at] & 0xFF : 0;
            v |= (long) b << (8 * i);
        }
        return v;
    }

    @Override
    public synchronized void writeConfig(int offset, int width, long value) {
        if (offset == 0) {
            select = (int) value & 0xFF;
        } else if (offset == 1) {
            subsel = (int) value & 0xFF;
        }
    }

    /** Fields: the configuration select and subsel registers. */
    @Override
    public synchronized long[] quiesce() {
        reset();
        return new long[] {select, subsel};
    }

    @Override
    public synchronized void restoreState(long[] fields, VirtQueue[] queues) {
        if (fields.length != 2 || ((fields[0] | fields[1]) & ~0xFFL) != 0) {
            throw new IllegalArgumentException("input device state " + Arrays.toString(fields)
                    + " is not a select and a subsel byte");
        }
        select = (int) fields[0];
        subsel = (int) fields[1];
    }

    private byte[] configData() {
        return switch (select) {
            case CFG_ID_NAME -> name.getBytes(StandardCharsets.US_ASCII);
            case CFG_ID_SERIAL -> ("vireo-" + product).getBytes(StandardCharsets.US_ASCII);
            case CFG_ID_DEVIDS -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putShort((short) 0x06).putShort((short) 0x5649).putShort((short) product).putShort((short) 1).array();
            case CFG_EV_BITS -> {
                BitSet codes = eventCodes.get(subsel);
                yield codes == null ? new byte[0] : codes.toByteArray();
            }
            case CFG_ABS_INFO -> eventCodes.containsKey(EV_ABS) && eventCodes.get(EV_ABS).get(subsel)
                    ? ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(ABS_MAX).array()
                    : new byte[0];
            default -> new byte[0];
        };
    }

    @Override
    public void activate(VirtQueue[] queues, DeviceHost host) {
        this.queues = queues;
        this.host = host;
        deliver();
    }

    @Override
    public void queueNotify(int index) {
        if (index == 0) {
            deliver();
            return;
        }
        VirtQueue[] q = queues;
        if (q == null) {
            return;
        }
        q[1].serveAll(host, chain -> 0);
    }

    /** Queues one event (type, code, value) for the guest. */
    public void send(int type, int code, int value) {
        synchronized (pending) {
            if (pending.size() == PENDING_LIMIT) {
                pending.poll();
            }
            pending.add(new long[] {type, code, value});
        }
        deliver();
    }

    private void deliver() {
        VirtQueue[] q = queues;
        DeviceHost h = host;
        if (q == null || h == null) {
            return;
        }
        boolean used = false;
        synchronized (pending) {
            try {
                while (!pending.isEmpty()) {
                    Optional<DescriptorChain> buffer = q[0].next();
                    if (buffer.isEmpty()) {
                        break;
                    }
                    long[] e = pending.poll();
                    byte[] event = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                            .putShort((short) e[0]).putShort((short) e[1]).putInt((int) e[2]).array();
                    int written = buffer.get().write(memory, 0, event, 8);
                    used |= q[0].complete(buffer.get(), written);
                }
            } catch (VirtqueueException ex) {
                h.needsReset(ex.getMessage());
                return;
            }
        }
        if (used) {
            h.usedBuffers(q[0]);
        }
    }

    @Override
    public void reset() {
        queues = null;
        synchronized (pending) {
            pending.clear();
        }
    }
}
