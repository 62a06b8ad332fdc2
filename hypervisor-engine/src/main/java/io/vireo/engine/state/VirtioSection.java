package io.vireo.engine.state;

import io.vireo.engine.devices.virtio.VirtioMmioTransport;

import java.util.ArrayList;
import java.util.List;

/**
 * One virtio-mmio slot's section ({@code VIRT}): the slot, its device ID, the transport's registers and
 * each queue's, then the device's own fields ({@link io.vireo.engine.devices.virtio.VirtioDevice#quiesce}):
 * a byte string of {@code u64}s, which the device checks when it takes them back. Version 1 files have none.
 */
final class VirtioSection {
    static final String TAG = "VIRT";
    private static final int MAX_QUEUES = 1024;
    /** Enough for a GPU with many resources, each backed by many page ranges; bounded by the file size too. */
    private static final int MAX_DEVICE_FIELDS = 1 << 20;

    private VirtioSection() {
    }

    static StateFile.Section write(int slot, int deviceId, VirtioMmioTransport.State s) {
        SectionWriter w = new SectionWriter().u32(slot).u32(deviceId).u8(s.status()).u32(s.deviceFeaturesSel())
                .u32(s.driverFeaturesSel()).u64(s.driverFeatures()).u32(s.queueSel()).u8(s.interruptStatus())
                .u32(s.configGeneration()).u32(s.queues().size());
        for (VirtioMmioTransport.QueueState q : s.queues()) {
            w.u32(q.size()).u64(q.descriptors()).u64(q.driverArea()).u64(q.deviceArea()).bool(q.ready())
                    .u16(q.lastAvailable()).u16(q.usedIndex());
        }
        w.bytes(new SectionWriter().u64s(s.device()).toBytes());
        return StateFile.Section.of(TAG, w);
    }

    static VirtioMmioTransport.State read(SectionReader r, int expectedSlot, int expectedDeviceId) throws SavedStateException {
        int slot = r.u32(), deviceId = r.u32();
        if (slot != expectedSlot || deviceId != expectedDeviceId) {
            throw r.problem("holds slot %s with device %s where slot %d with device %d belongs"
                    .formatted(Integer.toUnsignedString(slot), Integer.toUnsignedString(deviceId), expectedSlot,
                            expectedDeviceId));
        }
        int status = r.u8(), deviceFeaturesSel = r.u32(), driverFeaturesSel = r.u32();
        long driverFeatures = r.u64();
        int queueSel = r.u32(), interruptStatus = r.u8(), configGeneration = r.u32();
        int count = r.count(MAX_QUEUES, "queue count");
        List<VirtioMmioTransport.QueueState> queues = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                queues.add(new VirtioMmioTransport.QueueState(r.u32(), r.u64(), r.u64(), r.u64(), r.bool(), r.u16(),
                        r.u16()));
            }
            byte[] device = r.bytes(8 * MAX_DEVICE_FIELDS);
            if (device.length % 8 != 0) {
                throw r.problem(device.length + " bytes of device state, not a whole number of u64 fields");
            }
            SectionReader fields = new SectionReader(r.name(), device);
            long[] deviceFields = fields.u64s(device.length / 8);
            r.end();
            return new VirtioMmioTransport.State(status, deviceFeaturesSel, driverFeaturesSel, driverFeatures, queueSel,
                    interruptStatus, configGeneration, queues, deviceFields);
        } catch (IllegalArgumentException e) {
            throw r.problem(e.getMessage());
        }
    }
}
