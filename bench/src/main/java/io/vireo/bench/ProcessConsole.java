package io.vireo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hypervisor process with the guest's serial console on its stdio: qemu-system-riscv64 (the benchmarks'
 * anchor) or the engine's own command line.
 */
final class ProcessConsole implements GuestConsole {
    private final Process process;
    private final OutputStream input;
    private final Matcher matcher = new Matcher();

    ProcessConsole(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        input = process.getOutputStream();
        Thread.ofVirtual().start(() -> pump(process.getInputStream()));
    }

    /** qemu-system-riscv64's virt machine with these further arguments. */
    static ProcessConsole qemu(List<String> arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("qemu-system-riscv64", "-M", "virt",
                "-display", "none", "-serial", "stdio", "-monitor", "none",
                "-global", "virtio-mmio.force-legacy=false"));
        command.addAll(arguments);
        return new ProcessConsole(command);
    }

    /** CPU time the process has used so far, all its threads. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private void pump(InputStream out) {
        try (out) {
            int b;
            while ((b = out.read()) >= 0) {
                matcher.add(b);
            }
        } catch (IOException e) {
            // the process ended: whatever it printed is already matched
        }
    }

    @Override
    public void type(String line) throws IOException {
        input.write((line + "\r").getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    @Override
    public void await(String marker, Duration timeout) throws IOException, InterruptedException {
        matcher.await(marker, timeout);
    }

    @Override
    public String awaitValue(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        return matcher.awaitValue(pattern, timeout);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
