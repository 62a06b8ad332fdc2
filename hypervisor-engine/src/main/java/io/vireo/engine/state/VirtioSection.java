package io.vireo.engine.state;

import io.vireo.engine.devices.virtio.VirtioMmioTransport;

import java.util.ArrayList;
import java.util.List;

/**
 * One virtio-mmio slot's section ({@code VIRT}): the slot, its device ID, the transport's registers and
 * each queue's. Version 1 saves only devices whose own state is nothing beyond their queues once quiesced
 * (block, entropy), so the device part is an empty byte string that a later version may fill.
 */
final class VirtioSection {
    static final String TAG = "VIRT";
    private static final int MAX_QUEUES = 1024;

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
        w.bytes(new byte[0]);
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
            int deviceStateBytes = r.u32();
            if (deviceStateBytes != 0) {
                throw r.problem(Integer.toUnsignedString(deviceStateBytes) + " bytes of device state; version "
                        + StateFile.VERSION + " has none");
            }
            r.end();
            return new VirtioMmioTransport.State(status, deviceFeaturesSel, driverFeaturesSel, driverFeatures, queueSel,
                    interruptStatus, configGeneration, queues);
        } catch (IllegalArgumentException e) {
            throw r.problem(e.getMessage());
        }
    }
}
