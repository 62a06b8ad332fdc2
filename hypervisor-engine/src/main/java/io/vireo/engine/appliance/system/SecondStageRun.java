package io.vireo.engine.appliance.system;

import io.vireo.engine.appliance.ApplianceException;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmSpec;
import io.vireo.engine.vm.VmState;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link SecondStage} in a Vireo VM booted from the new disk, following its serial console: the progress
 * lines become the build's progress, the whole console goes to a log file beside the build, and the outcome
 * is the script's last word, read before the machine powers itself off.
 */
public final class SecondStageRun {
    private static final Pattern PROGRESS = Pattern.compile(Pattern.quote(SecondStage.PROGRESS) + "(\\d+)/(\\d+)");
    private static final Pattern INSTALLED = Pattern.compile(Pattern.quote(SecondStage.INSTALLED) + "(\\d+)");
    private static final int KEPT_LINES = 30;
    private static final long MEMORY = 1L << 30;

    private final ProgressListener progress;
    private final OutputStream log;
    private final StringBuilder line = new StringBuilder();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private volatile int installed = -1;
    private volatile boolean done;
    private volatile String failure;

    private SecondStageRun(ProgressListener progress, OutputStream log) {
        this.progress = progress;
        this.log = log;
    }

    /**
     * Boots {@code kernel} and {@code initrd} with the qcow2 {@code disk} as root and {@code init=} the second stage,
     * and waits for the machine to power off.
     *
     * @param progress told 0–100 of this stage
     * @return how many packages dpkg reports installed
     * @throws ApplianceException when the script reports a failure, the machine stops without finishing, or the
     *         time runs out; the message carries the console's last lines
     */
    public static int run(Path kernel, Path initrd, String cmdline, Path disk, Path log, Duration timeout,
                          ProgressListener progress) throws IOException {
        int harts = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        VmSpec spec = new VmSpec("debian-second-stage", harts, MEMORY, kernel, initrd,
                cmdline + " init=/" + SecondStage.PATH,
                List.of(new DeviceSpec.Disk(disk, ImageFormat.QCOW2, false), new DeviceSpec.Rng()));
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log))) {
            SecondStageRun run = new SecondStageRun(progress, out);
            return run.boot(spec, timeout);
        }
    }

    private int boot(VmSpec spec, Duration timeout) throws IOException {
        CompletableFuture<VmState> ended = new CompletableFuture<>();
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            vm.addSerialListener(this::serial);
            vm.addStateListener((machine, from, to, reason) -> {
                if (to == VmState.STOPPED || to == VmState.CRASHED) {
                    ended.complete(to);
                }
            });
            progress.progress(0, "Starting the new system to install its packages");
            vm.start();
            VmState end;
            try {
                end = ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new ApplianceException("the second stage did not finish within " + timeout.toMinutes()
                        + " minutes; its console's last lines:\n" + tail());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApplianceException("interrupted during the second stage", e);
            } catch (ExecutionException e) {
                throw new ApplianceException("the second stage's machine failed", e.getCause());
            }
            synchronized (this) {
                log.flush();
            }
            if (end == VmState.CRASHED) {
                throw new ApplianceException("the second stage's machine crashed: "
                        + vm.crashDiagnostic().orElse("no diagnostic") + "; its console's last lines:\n" + tail());
            }
        }
        if (failure != null) {
            throw new ApplianceException("the second stage failed " + failure + "; its console's last lines:\n" + tail());
        }
        if (!done || installed < 0) {
            throw new ApplianceException("the second stage's machine stopped before it finished; its console's last"
                    + " lines:\n" + tail());
        }
        return installed;
    }

    private synchronized void serial(int b) {
        try {
            log.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (b == '\n') {
            try {
                log.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            finishLine(line.toString().strip());
            line.setLength(0);
        } else if (b != '\r' && line.length() < 4096) {
            line.append((char) (b & 0xFF));
        }
    }

    private void finishLine(String text) {
        lastLines.addLast(text);
        if (lastLines.size() > KEPT_LINES) {
            lastLines.removeFirst();
        }
        Matcher step = PROGRESS.matcher(text);
        Matcher count = INSTALLED.matcher(text);
        if (step.find()) {
            long n = Long.parseLong(step.group(1));
            long of = Math.max(1, Long.parseLong(step.group(2)));
            progress.progress((int) Math.min(99, 100 * n / of), "Installing the packages in the guest (" + n + "/"
                    + of + ")");
        } else if (count.find()) {
            installed = Integer.parseInt(count.group(1));
        } else if (text.contains(SecondStage.FAILED)) {
            failure = text.substring(text.indexOf(SecondStage.FAILED) + SecondStage.FAILED.length());
        } else if (text.endsWith(SecondStage.DONE)) {
            done = true;
            progress.progress(100, "The packages are installed");
        }
    }

    private synchronized String tail() {
        return String.join("\n", lastLines);
    }
}
