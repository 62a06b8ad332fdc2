package io.vireo.console;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Starts requests at the same instant, as a client racing itself would, to find checks that are not atomic. */
public final class Parallel {

    private Parallel() {
    }

    /** Runs every call on its own thread, all released by one gate, and answers their results in order. */
    public static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        CountDownLatch ready = new CountDownLatch(calls.size());
        CountDownLatch gate = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(calls.size())) {
            List<Future<T>> results = new ArrayList<>();
            for (Callable<T> call : calls) {
                results.add(threads.submit(() -> {
                    ready.countDown();
                    gate.await();
                    return call.call();
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            gate.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> result : results) {
                answers.add(result.get(60, TimeUnit.SECONDS));
            }
            return answers;
        }
    }
}
