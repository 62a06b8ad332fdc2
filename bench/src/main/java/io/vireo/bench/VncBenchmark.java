package io.vireo.bench;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.display.rfb.KeyboardLayout;
import io.vireo.engine.display.rfb.RfbServer;
import io.vireo.engine.display.rfb.RfbSession;
import io.vireo.engine.display.rfb.encoding.PixelFormat;
import io.vireo.engine.testing.rfb.RfbClient;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VmSpec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The same screens served by Vireo's RFB server and by QEMU's VNC server: the tiny appliance
 * boots in each with a 1024x768 virtio-gpu display, fills tty0 with {@code dmesg}, and a client asks
 * for one encoding at a time (Raw, CopyRect, Hextile, Zlib, ZRLE, Tight), a full screen
 * (non-incremental) and then the update one more line brings (incremental; the console scrolls);
 * then busybox's bytes are drawn on /dev/fb0 as a many-coloured full-screen image, and each
 * encoding gets that as a full screen too. It prints bytes received and times side by side:
 * Vireo's encode time is the session's own measurement (screen read and encoding, not socket waits),
 * QEMU's is what the client can see, first byte to last of the update(s) (decoding included, for
 * both). Each server first sends a few full screens per encoding, so both are measured warm.
 *
 * <p>Usage: {@code VncBenchmark}.
 */
public final class VncBenchmark {
    private static final Duration BOOT = Duration.ofMinutes(5), COMMAND = Duration.ofSeconds(60);
    private static final int WIDTH = 1024, HEIGHT = 768, QUIET_MS = 700, WARM_UP_UPDATES = 15;
    private static final long MEMORY = 512L << 20;
    private static final Map<String, int[]> ENCODINGS = new LinkedHashMap<>();

    static {
        ENCODINGS.put("Raw", new int[] {RfbClient.RAW});
        ENCODINGS.put("CopyRect+Raw", new int[] {RfbClient.COPY_RECT, RfbClient.RAW});
        ENCODINGS.put("Hextile", new int[] {RfbClient.HEXTILE});
        ENCODINGS.put("Zlib", new int[] {RfbClient.ZLIB});
        ENCODINGS.put("ZRLE", new int[] {RfbClient.ZRLE});
        ENCODINGS.put("Tight", new int[] {RfbClient.TIGHT});
    }

    /** What one encoding cost for one kind of update. */
    private record Sample(long bytes, double receiveMs, double encodeMs) {
    }

    private record Results(Map<String, Sample> full, Map<String, Sample> line, Map<String, Sample> image) {
    }

    /**
     * A server under test: how to reach it, how to type on its serial console, and (Vireo only) the total
     * time its sessions spent encoding, empty when the server does not say.
     */
    private record Target(InetSocketAddress address, GuestConsole console, Supplier<Optional<Duration>> encodeTotal) {
        /** Encode time since {@code before} (an earlier {@link #encodeTotal}), or NaN when the server does not say. */
        double encodeMs(Optional<Duration> before) {
            return encodeTotal.get().flatMap(now -> before.map(b -> (now.toNanos() - b.toNanos()) / 1e6)).orElse(Double.NaN);
        }
    }

    private VncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        System.out.printf("tiny appliance, kernel %s, %dx%d text console filled by dmesg, one connection per encoding%n",
                tiny.kernelVersion(), WIDTH, HEIGHT);
        Results vireo = vireo(tiny);
        Results qemu = qemu(tiny);
        print("full screen, non-incremental request", vireo.full(), qemu.full());
        print("one more line on tty0 (the console scrolls), incremental request", vireo.line(), qemu.line());
        print("full-screen image (busybox's bytes as pixels on /dev/fb0: many colours), non-incremental request",
                vireo.image(), qemu.image());
    }

    private static Results vireo(Appliance tiny) throws Exception {
        VmSpec spec = VmSpec.of("vnc-bench", 1, MEMORY, tiny.kernel(), tiny.initrd(), tiny.cmdline())
                .withDevices(List.of(new DeviceSpec.Display(WIDTH, HEIGHT), new DeviceSpec.Input()));
        try (VmConsole console = new VmConsole(spec)) {
            fillScreen(console);
            RfbServer server = console.vm().displayServer().orElseThrow();
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", freePort());
            try (AutoCloseable listener = server.listen(address, Optional.empty(), KeyboardLayout.US)) {
                return measure(new Target(address, console, () -> Optional.of(server.sessions().stream()
                        .map(RfbSession.Info::encodeTime).reduce(Duration.ZERO, Duration::plus))));
            }
        }
    }

    private static Results qemu(Appliance tiny) throws Exception {
        int port = freeVncPort();
        List<String> arguments = List.of("-m", (MEMORY >> 20) + "M", "-smp", "1",
                "-kernel", tiny.kernel().toString(), "-initrd", tiny.initrd().toString(), "-append", tiny.cmdline(),
                "-device", "virtio-gpu-device,xres=" + WIDTH + ",yres=" + HEIGHT, "-device", "virtio-keyboard-device",
                "-vnc", "127.0.0.1:" + (port - 5900));
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        try (ProcessConsole console = ProcessConsole.qemu(arguments)) {
            fillScreen(console);
            return measure(new Target(address, console, Optional::empty));
        }
    }

    /** Boots to the shell, stops the cursor blinking (it would flush every few hundred ms) and fills tty0. */
    private static void fillScreen(GuestConsole console) throws Exception {
        console.await(Appliance.READY_MARKER, BOOT);
        console.type("echo 0 > /sys/class/graphics/fbcon/cursor_blink; dmesg > /dev/tty0; echo filled-$((6*7))");
        console.await("filled-42", COMMAND);
        Thread.sleep(1000);
    }

    /** Connects with one list of encodings, in the client pixel format both servers start with. */
    private static RfbClient connect(Socket socket, Target target, int[] encodings) throws IOException {
        socket.connect(target.address(), 5000);
        socket.setTcpNoDelay(true);
        RfbClient client = new RfbClient(socket.getInputStream(), socket.getOutputStream());
        int[] size = client.handshake();
        if (size[0] != WIDTH || size[1] != HEIGHT) {
            throw new IOException("the screen is " + size[0] + "x" + size[1] + ", not " + WIDTH + "x" + HEIGHT);
        }
        client.setPixelFormat(PixelFormat.DEFAULT);
        client.setEncodings(encodings);
        return client;
    }

    /** A few full screens per encoding first, so a JIT-compiled server is measured warm, as it runs for hours. */
    private static void warmUp(Target target) throws IOException {
        for (int[] encodings : ENCODINGS.values()) {
            try (Socket socket = new Socket()) {
                RfbClient client = connect(socket, target, encodings);
                for (int i = 0; i < WARM_UP_UPDATES; i++) {
                    client.request(false, 0, 0, WIDTH, HEIGHT);
                    client.readUpdate();
                }
            }
        }
    }

    private static Results measure(Target target) throws Exception {
        warmUp(target);
        Map<String, Sample> full = new LinkedHashMap<>(), line = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, int[]> e : ENCODINGS.entrySet()) {
            try (Socket socket = new Socket()) {
                RfbClient client = connect(socket, target, e.getValue());
                full.put(e.getKey(), fullScreen(client, target));

                collect(socket, client, QUIET_MS);
                Optional<Duration> before = target.encodeTotal().get();
                target.console().type("echo one-more-line-" + n++ + " > /dev/tty0");
                List<RfbClient.Update> updates = collect(socket, client, 10_000);
                Thread.sleep(50);
                long bytes = updates.stream().mapToLong(RfbClient.Update::bytes).sum();
                double ms = updates.stream().mapToLong(RfbClient.Update::nanos).sum() / 1e6;
                line.put(e.getKey(), new Sample(bytes, ms, target.encodeMs(before)));
            }
        }
        target.console().type("cat /bin/busybox /bin/busybox > /dev/fb0; echo drawn-$((6*7))");
        target.console().await("drawn-42", COMMAND);
        Thread.sleep(1000);
        Map<String, Sample> image = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : ENCODINGS.entrySet()) {
            try (Socket socket = new Socket()) {
                image.put(e.getKey(), fullScreen(connect(socket, target, e.getValue()), target));
            }
        }
        return new Results(full, line, image);
    }

    /** One full screen, non-incremental, on a connection that has had none yet: its bytes and times. */
    private static Sample fullScreen(RfbClient client, Target target) throws Exception {
        Optional<Duration> before = target.encodeTotal().get();
        client.request(false, 0, 0, WIDTH, HEIGHT);
        RfbClient.Update update = client.readUpdate();
        Thread.sleep(50);
        return new Sample(update.bytes(), update.nanos() / 1e6, target.encodeMs(before));
    }

    /**
     * Incremental updates until the screen has been quiet for {@link #QUIET_MS}; the first may take
     * {@code firstWithinMs}, since the guest is still drawing it.
     */
    private static List<RfbClient.Update> collect(Socket socket, RfbClient client, int firstWithinMs) throws IOException {
        List<RfbClient.Update> updates = new ArrayList<>();
        socket.setSoTimeout(firstWithinMs);
        try {
            while (true) {
                client.request(true, 0, 0, WIDTH, HEIGHT);
                updates.add(client.readUpdate());
                socket.setSoTimeout(QUIET_MS);
            }
        } catch (SocketTimeoutException quiet) {
            return updates;
        }
    }

    private static void print(String title, Map<String, Sample> vireo, Map<String, Sample> qemu) {
        System.out.printf("%n%s%n", title);
        System.out.printf("  %-13s %12s %12s %7s   %11s %12s %12s%n", "encoding", "vireo bytes", "qemu bytes",
                "v/q", "vireo enc ms", "vireo rcv ms", "qemu rcv ms");
        for (String name : vireo.keySet()) {
            Sample v = vireo.get(name), q = qemu.get(name);
            System.out.printf("  %-13s %12d %12d %7.2f   %11.2f %12.2f %12.2f%n", name, v.bytes(), q.bytes(),
                    q.bytes() == 0 ? Double.NaN : (double) v.bytes() / q.bytes(), v.encodeMs(), v.receiveMs(), q.receiveMs());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A free port of the form 5900 + display, since QEMU's -vnc takes a display number. */
    private static int freeVncPort() throws IOException {
        for (int port = 5950; port < 6000; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try the next display
            }
        }
        throw new IOException("no free VNC display between :50 and :99");
    }
}
