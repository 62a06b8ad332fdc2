package io.vireo.engine.devices.virtio.rng;

import io.vireo.engine.devices.virtio.VirtQueue;
import io.vireo.engine.devices.virtio.VirtioDevice;
import io.vireo.engine.mmu.GuestMemory;

import java.security.SecureRandom;

/** virtio-rng (entropy device): fills every buffer the driver posts from the host's SecureRandom. */
public final class VirtioRng implements VirtioDevice {
    private static final int MAX_PER_REQUEST = 64 * 1024;

    private final GuestMemory memory;
    private final SecureRandom random = new SecureRandom();
    private volatile VirtQueue queue;
    private volatile DeviceHost host;

    public VirtioRng(GuestMemory memory) {
        this.memory = memory;
    }

    @Override
    public int deviceId() {
        return 4;
    }

    @Override
    public long features() {
        return 0;
    }

    @Override
    public int queueCount() {
        return 1;
    }

    @Override
    public long readConfig(int offset, int width) {
        return 0;
    }

    @Override
    public void activate(VirtQueue[] queues, DeviceHost host) {
        this.queue = queues[0];
        this.host = host;
    }

    @Override
    public void queueNotify(int index) {
        VirtQueue q = queue;
        if (q == null) {
            return;
        }
        q.serveAll(host, chain -> {
            byte[] bytes = new byte[(int) Math.min(chain.writableLength(), MAX_PER_REQUEST)];
            random.nextBytes(bytes);
            return chain.write(memory, 0, bytes, bytes.length);
        });
    }

    @Override
    public void reset() {
        queue = null;
    }
}
