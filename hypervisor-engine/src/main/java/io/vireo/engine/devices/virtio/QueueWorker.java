package io.vireo.engine.devices.virtio;

import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A device's own I/O thread for one queue, so a slow back end (a disk) never holds up a hart: a notification
 * only wakes it; it serves the chains in order and returns each to the driver. A protocol error marks the
 * device as needing a reset and ends the thread.
 */
public final class QueueWorker {
    /** How long the thread sleeps without a notification before it looks at the ring again anyway. */
    private static final long IDLE_NANOS = 50_000_000L;

    private final VirtQueue queue;
    private final VirtioDevice.DeviceHost host;
    private final VirtQueue.ChainServer server;
    private final Thread thread;
    private volatile boolean stopping;

    private QueueWorker(String name, VirtQueue queue, VirtioDevice.DeviceHost host, VirtQueue.ChainServer server) {
        this.queue = queue;
        this.host = host;
        this.server = server;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::serve);
    }

    /** Starts a thread named {@code name} serving {@code queue} with {@code server}, which never holds a chain. */
    public static QueueWorker start(String name, VirtQueue queue, VirtioDevice.DeviceHost host,
                                    VirtQueue.ChainServer server) {
        QueueWorker worker = new QueueWorker(name, queue, host, server);
        worker.thread.start();
        return worker;
    }

    public void wake() {
        LockSupport.unpark(thread);
    }

    /** Lets the chain in flight finish and ends the thread (waiting up to 10 s for it); the rest stay in the ring. */
    public void stop() {
        stopping = true;
        if (thread != Thread.currentThread()) {
            LockSupport.unpark(thread);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void serve() {
        while (!stopping) {
            boolean worked = false;
            try {
                Optional<DescriptorChain> next;
                while (!stopping && (next = queue.next()).isPresent()) {
                    worked = true;
                    DescriptorChain chain = next.get();
                    if (queue.complete(chain, server.serve(chain))) {
                        host.usedBuffers(queue);
                    }
                }
            } catch (VirtqueueException e) {
                host.needsReset(e.getMessage());
                return;
            }
            if (!worked) {
                LockSupport.parkNanos(this, IDLE_NANOS);
            }
        }
    }
}
