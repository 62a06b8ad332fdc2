package io.vireo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** qemu-system-riscv64 with its serial console on stdio: the benchmarks' anchor. */
final class QemuConsole implements GuestConsole {
    private final Process qemu;
    private final OutputStream input;
    private final Matcher matcher = new Matcher();

    QemuConsole(List<String> arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("qemu-system-riscv64", "-M", "virt",
                "-display", "none", "-serial", "stdio", "-monitor", "none",
                "-global", "virtio-mmio.force-legacy=false"));
        command.addAll(arguments);
        qemu = new ProcessBuilder(command).redirectErrorStream(true).start();
        input = qemu.getOutputStream();
        Thread.ofVirtual().start(() -> pump(qemu.getInputStream()));
    }

    private void pump(InputStream out) {
        try (out) {
            int b;
            while ((b = out.read()) >= 0) {
                matcher.add(b);
            }
        } catch (IOException e) {
            // QEMU ended: whatever it printed is already matched
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

    /** Host CPU time QEMU used so far. */
    long cpuNanos() {
        return qemu.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    @Override
    public void close() throws InterruptedException {
        qemu.destroyForcibly();
        qemu.waitFor(10, TimeUnit.SECONDS);
    }
}
