package io.vireo.console.vm;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

import io.vireo.console.domain.ConflictException;

/**
 * One disk job at a time per VM, and none while it powers on: taking, reverting, deleting or consolidating
 * snapshots changes which files a VM's disks are, and a VM powered on halfway would open a chain being rewritten.
 * The thread doing the work holds the VM's lock for as long as it takes; the console is one process, so a lock in
 * memory is enough.
 */
@Component
public class VmDiskLocks {

    private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Runs {@code work} holding the VM's lock; refuses at once when other disk work holds it. */
    public <T> T exclusively(Long vmId, String vmName, DiskWork<T> work) throws IOException {
        ReentrantLock lock = locks.computeIfAbsent(vmId, id -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw busy(vmName);
        }
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    void ensureIdle(Long vmId, String vmName) {
        ReentrantLock lock = locks.get(vmId);
        if (lock != null && lock.isLocked()) {
            throw busy(vmName);
        }
    }

    private static ConflictException busy(String vmName) {
        return new ConflictException("VM disks busy", "The disks of VM " + vmName
                + " are being changed or copied (a snapshot or clone task is running); try again when it has"
                + " finished");
    }

    @FunctionalInterface
    public interface DiskWork<T> {
        T run() throws IOException;
    }
}
