package io.vireo.engine.network.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A network's one thread: a selector over every host socket of the gateway, plus work handed in from other
 * threads (guest frames, forward changes). Everything the gateway keeps is touched on this thread only, so
 * flows need no locks.
 */
final class EventLoop implements AutoCloseable {
    /** A socket's owner: told which operations became ready. */
    interface Handler {
        void ready(SelectionKey key);
    }

    /** What the loop does besides sockets: drain queued work, and look at timers. */
    interface Turn {
        /** Takes queued frames; returns whether more are waiting (then the loop does not sleep). */
        boolean drain();

        /** Periodic timer work; returns the nanoseconds until it wants to run again. */
        long tick(long nanoTime);

        /** After a round of frames or socket events: send what was held back for the end of the round. */
        void flush();
    }

    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile long faults;
    private volatile RuntimeException firstFault;
    private Turn turn;
    private long tickWanted;

    EventLoop(String name) throws IOException {
        selector = Selector.open();
        thread = Thread.ofPlatform().name("vireo-net-" + name).daemon().unstarted(this::run);
    }

    void start(Turn turn) {
        this.turn = turn;
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws IOException {
        assert inLoop();
        channel.configureBlocking(false);
        try {
            return channel.register(selector, ops, handler);
        } catch (ClosedChannelException e) {
            throw new IOException("the channel closed before it could be watched", e);
        }
    }

    /** Runs {@code task} on the loop soon; from any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the loop and waits for its result; from any thread but the loop's own. */
    <T> T call(Callable<T> task) throws Exception {
        if (inLoop()) {
            return task.call();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the network's thread did not answer within " + CALL_TIMEOUT, e);
        }
    }

    /** Asks for the timer work within {@code nanos}, sooner than it asked for itself; on the loop's thread. */
    void tickWithin(long nanos) {
        long wanted = System.nanoTime() + nanos;
        if (tickWanted == 0 || wanted - tickWanted < 0) {
            tickWanted = wanted;
        }
    }

    void wakeup() {
        selector.wakeup();
    }

    private void run() {
        long nextTick = System.nanoTime();
        while (running) {
            try {
                boolean[] more = new boolean[1];
                guarded(() -> more[0] = turn.drain());
                runTasks();
                guarded(turn::flush);
                long now = System.nanoTime();
                if (tickWanted != 0 && tickWanted - nextTick < 0) {
                    nextTick = tickWanted;
                }
                tickWanted = 0;
                if (now - nextTick >= 0) {
                    long[] wait = {MAX_SLEEP_NANOS};
                    guarded(() -> wait[0] = turn.tick(now));
                    nextTick = now + Math.min(MAX_SLEEP_NANOS, Math.max(1, wait[0]));
                }
                long sleep = more[0] ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTick - now));
                if (sleep == 0) {
                    selector.selectNow();
                } else {
                    selector.select(sleep);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid()) {
                        guarded(() -> ((Handler) key.attachment()).ready(key));
                    }
                }
                selector.selectedKeys().clear();
                guarded(turn::flush);
            } catch (IOException e) {
                throw new UncheckedIOException("the network's selector failed", e);
            }
        }
        runTasks();
    }

    private void runTasks() {
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            guarded(task);
        }
    }

    /**
     * Runs one piece of work; a bug in it costs that piece (a frame, a flow's event), not the network: the
     * thread goes on, and the fault is counted and kept for whoever looks.
     */
    private void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            faults++;
            if (firstFault == null) {
                firstFault = e;
            }
        }
    }

    /** How many pieces of work failed with a bug; the first one's exception. */
    long faults() {
        return faults;
    }

    RuntimeException firstFault() {
        return firstFault;
    }

    /** Stops the thread and closes the selector; every channel registered with it must be closed by its owner. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(CALL_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
