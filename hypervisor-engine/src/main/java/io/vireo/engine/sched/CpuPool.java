package io.vireo.engine.sched;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The host threads that run every VM's vCPUs, in slices. One lock guards the run queue, the timers of
 * vCPUs asleep in WFI and the {@link ShareGroup}s; a thread with nothing to run waits on it until a vCPU
 * wakes, a timer falls due or a capped VM's next period starts, so idle VMs cost no host thread at all.
 * The next vCPU to run belongs to the VM furthest behind its shares, among those its cap lets run; a VM's
 * own vCPUs take turns in the order they became runnable.
 *
 * <p>CPU time is the pool thread's own (not the wall clock) measured around each slice, so a host busy
 * with other work does not bill its time to the guests.
 */
public final class CpuPool implements AutoCloseable {
    /** System property with the number of host threads of the shared pool (default: one per host core). */
    public static final String THREADS_PROPERTY = "vireo.cpu.threads";
    /** How far behind the busiest VMs a VM that slept may start: it catches up a little, never hogs. */
    private static final long WAKE_CREDIT = TimeUnit.MILLISECONDS.toNanos(3);
    /** Timers further out are rearmed on waking, so deadlines stay far from overflow. */
    private static final long LONGEST_TIMER = TimeUnit.HOURS.toNanos(1);
    private static final ThreadMXBean CPU_TIMES = ManagementFactory.getThreadMXBean();
    private static final ThreadLocal<Vcpu> ON_THIS_THREAD = new ThreadLocal<>();

    private static final class Shared {
        static final CpuPool POOL = new CpuPool(Integer.getInteger(THREADS_PROPERTY,
                Runtime.getRuntime().availableProcessors()));
    }

    private record Timer(long deadline, Vcpu vcpu) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition sliceEnded = lock.newCondition();
    private final List<Vcpu> queue = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
    private final List<Thread> threads = new ArrayList<>();
    private long minVruntime;
    private boolean closed;

    /** A pool of {@code count} host threads, started now; the engine's VMs share {@link #shared()}. */
    public CpuPool(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a CPU pool needs at least one thread, not " + count);
        }
        for (int i = 0; i < count; i++) {
            Thread t = Thread.ofPlatform().name("vireo-cpu" + i).daemon().unstarted(this::work);
            threads.add(t);
            t.start();
        }
    }

    /** The pool every VM runs on unless told otherwise: {@value #THREADS_PROPERTY} threads, or one per core. */
    public static CpuPool shared() {
        return Shared.POOL;
    }

    public int threads() {
        return threads.size();
    }

    ShareGroup join(int vcpus, CpuAllocation allocation) {
        lock.lock();
        try {
            return new ShareGroup(vcpus, allocation, minVruntime);
        } finally {
            lock.unlock();
        }
    }

    void allocate(ShareGroup group, CpuAllocation allocation) {
        lock.lock();
        try {
            group.allocate(allocation);
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A vCPU that slept is runnable again ({@link Vcpu#wake} moved it from IDLE to QUEUED). */
    void wakeUp(Vcpu vcpu) {
        lock.lock();
        try {
            enqueueWoken(vcpu, System.nanoTime());
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void enqueueWoken(Vcpu vcpu, long now) {
        ShareGroup group = vcpu.group;
        if (group.closing) {
            return;
        }
        if (group.runnable++ == 0) {
            group.vruntime = Math.max(group.vruntime, minVruntime - WAKE_CREDIT);
        }
        enqueue(vcpu, now);
    }

    /**
     * Only a wake-up from outside signals a waiting thread: a pool thread that queues a vCPU (its own, or one
     * whose timer it fired) picks next itself, and wakes another only if more is left to run ({@link #next}).
     */
    private void enqueue(Vcpu vcpu, long now) {
        vcpu.queuedAt = now;
        queue.add(vcpu);
    }

    /**
     * Takes the group's vCPUs off the pool: waits until none is on a host thread (but the caller's own,
     * when a vCPU of this VM is shutting it down) and forgets them, so no slice of theirs runs after.
     */
    void leave(ShareGroup group, List<Vcpu> vcpus, long timeoutNanos) throws InterruptedException {
        Vcpu own = ON_THIS_THREAD.get();
        lock.lock();
        try {
            group.closing = true;
            long left = timeoutNanos;
            while (left > 0 && vcpus.stream().anyMatch(v -> v != own && v.onHostThread())) {
                left = sliceEnded.awaitNanos(left);
            }
            vcpus.forEach(v -> v.state.set(Vcpu.RETIRED));
            queue.removeIf(v -> v.group == group);
            timers.removeIf(t -> t.vcpu.group == group);
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            Vcpu vcpu;
            try {
                vcpu = next();
            } catch (InterruptedException e) {
                return;
            }
            if (vcpu == null) {
                return;
            }
            runSlice(vcpu);
        }
    }

    private void runSlice(Vcpu vcpu) {
        vcpu.hostCore = HostCore.current();
        ON_THIS_THREAD.set(vcpu);
        long before = threadCpuTime();
        Vcpu.Step step = vcpu.step();
        long used = Math.max(0, threadCpuTime() - before);
        ON_THIS_THREAD.remove();
        vcpu.cpuNanos += used;
        lock.lock();
        try {
            vcpu.group.charge(used);
            settle(vcpu, step, System.nanoTime());
            if (vcpu.group.closing) {
                sliceEnded.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Puts a vCPU whose slice ended back in the queue, or to sleep (with its timer), or away for good. */
    private void settle(Vcpu vcpu, Vcpu.Step step, long now) {
        if (vcpu.state.get() == Vcpu.RETIRED) {
            return;
        }
        if (step == Vcpu.Step.FAILED) {
            vcpu.state.set(Vcpu.RETIRED);
            vcpu.group.runnable--;
            return;
        }
        if (step == Vcpu.Step.AGAIN || !vcpu.state.compareAndSet(Vcpu.RUNNING, Vcpu.IDLE)) {
            vcpu.state.set(Vcpu.QUEUED);
            enqueue(vcpu, now);
            return;
        }
        vcpu.group.runnable--;
        long wait = step == Vcpu.Step.SLEEP_UNTIL_TIMER ? vcpu.hart.nanosUntilTimer() : Long.MAX_VALUE;
        if (wait != Long.MAX_VALUE) {
            Timer timer = new Timer(now + Math.min(wait, LONGEST_TIMER), vcpu);
            timers.add(timer);
            if (timers.peek() == timer && !queue.isEmpty()) {
                // This thread will be busy with another vCPU: a waiting one must wake for this deadline.
                work.signal();
            }
        }
    }

    /** Waits for the next vCPU to run; null once the pool is closed. */
    private Vcpu next() throws InterruptedException {
        lock.lock();
        try {
            boolean watchedTimers = false;
            while (!closed) {
                long now = System.nanoTime();
                fireTimers(now);
                Vcpu picked = pick(now);
                if (picked != null) {
                    picked.state.set(Vcpu.RUNNING);
                    picked.stealNanos += now - picked.queuedAt;
                    // A thread that was waiting for the next timer and leaves for a vCPU hands that wait on: the
                    // others may be waiting without a deadline, and the timer would fire only after this slice.
                    if (!queue.isEmpty() || watchedTimers && !timers.isEmpty()) {
                        work.signal();
                    }
                    return picked;
                }
                long until = nextDeadline(now);
                watchedTimers = until != Long.MAX_VALUE;
                if (until == Long.MAX_VALUE) {
                    work.await();
                } else {
                    work.awaitNanos(until - now);
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void fireTimers(long now) {
        while (!timers.isEmpty() && timers.peek().deadline - now <= 0) {
            Vcpu vcpu = timers.poll().vcpu;
            if (vcpu.state.compareAndSet(Vcpu.IDLE, Vcpu.QUEUED)) {
                enqueueWoken(vcpu, now);
            }
        }
    }

    private Vcpu pick(long now) {
        int best = -1;
        for (int i = 0; i < queue.size(); i++) {
            ShareGroup group = queue.get(i).group;
            if (!group.throttled(now) && (best < 0 || group.vruntime < queue.get(best).group.vruntime)) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        Vcpu picked = queue.remove(best);
        minVruntime = Math.max(minVruntime, picked.group.vruntime);
        return picked;
    }

    /** The next timer, or the next period of a capped VM with queued vCPUs; MAX_VALUE if none. */
    private long nextDeadline(long now) {
        long until = timers.isEmpty() ? Long.MAX_VALUE : timers.peek().deadline;
        for (Vcpu queued : queue) {
            if (queued.group.throttled(now)) {
                until = Math.min(until, queued.group.throttledUntil());
            }
        }
        return until;
    }

    private static long threadCpuTime() {
        long cpu = CPU_TIMES.getCurrentThreadCpuTime();
        return cpu >= 0 ? cpu : System.nanoTime();
    }

    /** Stops the pool's threads once their slices end; for pools a test made, never the shared one. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
