package io.vireo.bench;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * User-mode networking of the tiny appliance, side by side: Vireo's NAT ({@code vireo-engine boot --nic nat}),
 * qemu-system-riscv64 with {@code -netdev user} (slirp) and with Debian's passt over {@code -netdev stream},
 * same kernel and initramfs, one hart each, busybox {@code nc} and {@code dd} in the guest. Measures TCP
 * guest→host and host→guest throughput through the gateway and a port forward, 64-byte UDP datagrams
 * per second delivered host→guest through a forward, ping round trip to the gateway, and the host CPU
 * the hypervisor (plus passt) spent per GiB of TCP moved. Everything stays on loopback.
 */
public final class NetBenchmark {
    private static final long MEMORY = 512L << 20;
    private static final Duration BOOT = Duration.ofMinutes(6);
    private static final Duration STEP = Duration.ofMinutes(15);
    private static final int TCP_PORT = 5001, UDP_PORT = 5002;
    private static final int DATAGRAM = 64;
    private static final Duration UDP_SEND = Duration.ofSeconds(5);
    /** How long a guest is given to start listening before the host connects (a forward cannot tell). */
    private static final long LISTEN_SETTLE_MS = 3000;
    private static final double GIB = 1 << 30;

    private NetBenchmark() {
    }

    record Result(String name, double upMBps, double downMBps, double udpPps, double rttMs, double cpuSecondsPerGib) {
    }

    /** A hypervisor under test: how to start it with the host ports its forwards listen on. */
    @FunctionalInterface
    private interface Launcher {
        Running start(Appliance tiny, int tcpForward, int udpForward, Path scratch) throws IOException;
    }

    /** A started hypervisor: its console and the processes whose CPU counts for it. */
    private record Running(ProcessConsole console, List<ProcessHandle> helpers) implements AutoCloseable {
        Duration cpu() {
            Duration total = console.cpuTime();
            for (ProcessHandle h : helpers) {
                total = total.plus(h.info().totalCpuDuration().orElse(Duration.ZERO));
            }
            return total;
        }

        @Override
        public void close() throws Exception {
            console.close();
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        Path scratch = Files.createTempDirectory("vireo-net-bench");
        List<Result> results = new ArrayList<>();
        results.add(measure("vireo nat", NetBenchmark::vireo, tiny, mib, scratch));
        results.add(measure("qemu user", NetBenchmark::qemuUser, tiny, mib, scratch));
        results.add(measure("qemu passt", NetBenchmark::qemuPasst, tiny, mib, scratch));
        System.out.printf("%ntiny appliance, 1 hart, %d MiB per TCP transfer, busybox nc+dd in the guest:%n", mib);
        System.out.printf("%-11s %14s %14s %14s %12s %14s%n", "", "guest->host", "host->guest", "UDP 64B in", "ping gw",
                "host CPU");
        for (Result r : results) {
            System.out.printf("%-11s %9.2f MB/s %9.2f MB/s %10.0f pps %9.2f ms %9.1f s/GiB%n", r.name(), r.upMBps(),
                    r.downMBps(), r.udpPps(), r.rttMs(), r.cpuSecondsPerGib());
        }
        Files.deleteIfExists(scratch.resolve("passt.socket"));
        Files.deleteIfExists(scratch);
    }

    private static Running vireo(Appliance tiny, int tcpForward, int udpForward, Path scratch) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new Running(new ProcessConsole(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.vireo.engine.cli.VireoEngine", "boot",
                "--kernel", tiny.kernel().toString(), "--initrd", tiny.initrd().toString(), "--append", tiny.cmdline(),
                "--memory", (MEMORY >> 20) + "M",
                "--nic", "nat,forward=tcp:127.0.0.1:" + tcpForward + "-:" + TCP_PORT
                        + ",forward=udp:127.0.0.1:" + udpForward + "-:" + UDP_PORT)), List.of());
    }

    private static Running qemuUser(Appliance tiny, int tcpForward, int udpForward, Path scratch) throws IOException {
        return new Running(ProcessConsole.qemu(qemuArguments(tiny, List.of(
                "-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:" + tcpForward + "-:" + TCP_PORT
                        + ",hostfwd=udp:127.0.0.1:" + udpForward + "-:" + UDP_PORT,
                "-device", "virtio-net-device,netdev=n0"))), List.of());
    }

    /** passt in the foreground on a UNIX socket, the guest on slirp's addresses so the gateway maps to the host. */
    private static Running qemuPasst(Appliance tiny, int tcpForward, int udpForward, Path scratch) throws IOException {
        Path socket = scratch.resolve("passt.socket");
        Files.deleteIfExists(socket);
        Process passt = new ProcessBuilder("passt", "-f", "-q", "-1", "-s", socket.toString(),
                "-a", "10.0.2.15", "-n", "24", "-g", "10.0.2.2",
                "-t", "127.0.0.1/" + tcpForward + ":" + TCP_PORT, "-u", "127.0.0.1/" + udpForward + ":" + UDP_PORT)
                .redirectErrorStream(true).redirectOutput(scratch.resolve("passt.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline || !passt.isAlive()) {
                passt.destroyForcibly();
                throw new IOException("passt did not open " + socket + ": " + Files.readString(scratch.resolve("passt.log")));
            }
            Thread.onSpinWait();
        }
        return new Running(ProcessConsole.qemu(qemuArguments(tiny, List.of(
                "-netdev", "stream,id=n0,server=off,addr.type=unix,addr.path=" + socket,
                "-device", "virtio-net-device,netdev=n0"))), List.of(passt.toHandle()));
    }

    private static List<String> qemuArguments(Appliance tiny, List<String> network) {
        List<String> arguments = new ArrayList<>(List.of("-m", (MEMORY >> 20) + "M", "-smp", "1",
                "-kernel", tiny.kernel().toString(), "-initrd", tiny.initrd().toString(), "-append", tiny.cmdline()));
        arguments.addAll(network);
        return arguments;
    }

    private static Result measure(String name, Launcher launcher, Appliance tiny, int mib, Path scratch) throws Exception {
        System.out.println("== " + name);
        long bytes = (long) mib << 20;
        int tcpForward = freePort(), udpForward = freePort();
        try (ServerSocket sink = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Running running = launcher.start(tiny, tcpForward, udpForward, scratch)) {
            GuestConsole c = running.console();
            c.await(Appliance.READY_MARKER, BOOT);
            c.await("# ", BOOT);
            c.type("until ip -4 route | grep -q default; do sleep 1; done; "
                    + "GW=$(ip -4 route | awk '/default/ {print $3; exit}'); echo gateway-\"\"is $GW");
            String gateway = c.awaitValue(Pattern.compile("gateway-is ([0-9.]+)"), STEP);
            c.await("# ", STEP);

            c.type("ping -c 10 $GW | tail -1");
            double rtt = Double.parseDouble(c.awaitValue(Pattern.compile("min/avg/max = [0-9.]+/([0-9.]+)/"), STEP));
            c.await("# ", STEP);

            Duration cpuBefore = running.cpu();
            double up = guestToHost(c, sink, bytes);
            double down = hostToGuest(c, tcpForward, bytes);
            double cpu = running.cpu().minus(cpuBefore).toNanos() / 1e9;
            double pps = udpIn(c, udpForward);
            System.out.printf("   gateway %s: up %.2f MB/s, down %.2f MB/s, %.0f pps, ping %.2f ms%n", gateway, up, down, pps, rtt);
            return new Result(name, up, down, pps, rtt, cpu / (2 * bytes / GIB));
        }
    }

    /** The guest sends {@code bytes} to a host socket through the gateway; MB/s as the host received them. */
    private static double guestToHost(GuestConsole c, ServerSocket sink, long bytes) throws Exception {
        CompletableFuture<long[]> received = CompletableFuture.supplyAsync(() -> drain(sink));
        long start = System.nanoTime();
        c.type("dd if=/dev/zero bs=64k count=" + (bytes >> 16) + " 2>/dev/null | nc $GW " + sink.getLocalPort()
                + "; echo up-\"\"done");
        c.await("up-done", STEP);
        long[] got = received.get(STEP.toSeconds(), TimeUnit.SECONDS);
        c.await("# ", STEP);
        if (got[0] != bytes) {
            throw new IOException("the host received " + got[0] + " of " + bytes + " bytes");
        }
        return got[0] / ((got[1] - start) / 1e9) / 1e6;
    }

    /** Reads one connection to its end: {bytes, nanoTime at the end}. */
    private static long[] drain(ServerSocket sink) {
        try (Socket s = sink.accept(); InputStream in = s.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
            return new long[] {total, System.nanoTime()};
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The host sends {@code bytes} through the TCP forward to nc in the guest; MB/s until the guest read them all. */
    private static double hostToGuest(GuestConsole c, int forward, long bytes) throws Exception {
        c.type("nc -l -p " + TCP_PORT + " | dd of=/dev/null bs=64k 2>&1 | tail -1; echo down-\"\"done");
        Thread.sleep(LISTEN_SETTLE_MS);
        long start = System.nanoTime();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), forward); OutputStream out = s.getOutputStream()) {
            byte[] block = new byte[1 << 16];
            for (long sent = 0; sent < bytes; sent += block.length) {
                out.write(block);
            }
            s.shutdownOutput();
            c.await("down-done", STEP);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        c.await("# ", STEP);
        return bytes / seconds / 1e6;
    }

    /** 64-byte datagrams as fast as the host sends them, for a few seconds; how many per second the guest got. */
    private static double udpIn(GuestConsole c, int forward) throws Exception {
        long listen = UDP_SEND.toSeconds() + 6;
        c.type("timeout " + listen + " nc -u -l -p " + UDP_PORT + " | wc -c | sed 's/^/udp-bytes=/'");
        Thread.sleep(LISTEN_SETTLE_MS);
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] payload = new byte[DATAGRAM];
            DatagramPacket packet = new DatagramPacket(payload, DATAGRAM,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), forward));
            long end = System.nanoTime() + UDP_SEND.toNanos();
            while (System.nanoTime() < end) {
                socket.send(packet);
            }
        }
        long received = Long.parseLong(c.awaitValue(Pattern.compile("udp-bytes=\\s*(\\d+)"), STEP));
        c.await("# ", STEP);
        return received / (double) DATAGRAM / UDP_SEND.toSeconds();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
