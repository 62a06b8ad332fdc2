package io.vireo.engine.display.interop;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.display.rfb.KeyboardLayout;
import io.vireo.engine.display.rfb.encoding.PixelFormat;
import io.vireo.engine.testing.RequiredTool;
import io.vireo.engine.testing.SerialConsole;
import io.vireo.engine.testing.SerialTranscript;
import io.vireo.engine.testing.rfb.RfbClient;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmSpec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The tiny appliance with a 1024x768 display, served over VNC on a loopback port (Vireo's is bound
 * when it is made, so make it before QEMU's, which is bound when QEMU gets to it): by Vireo's engine
 * in this process (its reference picture is the engine's own screenshot) or by qemu-system-riscv64
 * {@code -vnc} (its reference is what a Raw, 32-bit RFB client reads from it).
 */
abstract class InteropGuest implements AutoCloseable {
    static final int WIDTH = 1024, HEIGHT = 768;
    private static final long MEMORY = 512L << 20;
    private static final Pattern PROMPT = Pattern.compile("# ");

    final String name;
    final int port;

    private InteropGuest(String name) throws IOException {
        this.name = name;
        this.port = freePort();
    }

    /** The screen as the server itself says it is, 0x00RRGGBB. */
    abstract int[] screen() throws IOException;

    /** The guest's serial console. */
    abstract SerialTranscript serial();

    /** Waits for the shell's first prompt. */
    final void awaitReady(Instant deadline) throws Exception {
        serial().await(Pattern.compile(Appliance.READY_MARKER), deadline);
        serial().await(PROMPT, deadline);
    }

    /** Types a command line on the guest's serial shell and waits for the next prompt. */
    final void run(String command, Instant deadline) throws Exception {
        serial().type(command);
        serial().await(PROMPT, deadline);
    }

    static InteropGuest vireo(Appliance tiny) throws IOException {
        return new Vireo(tiny);
    }

    static InteropGuest qemu(Appliance tiny) throws IOException {
        return new Qemu(tiny);
    }

    /** A free port of the form 5900 + n, as viewers that take a display number need. */
    private static int freePort() throws IOException {
        for (int port = 5990; port < 6100; port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException busy) {
                // try the next one
            }
        }
        throw new IOException("no free port in 5990..6099");
    }

    private static final class Vireo extends InteropGuest {
        private final VirtualMachine vm;
        private final SerialTranscript serial;
        private final AutoCloseable listening;

        Vireo(Appliance tiny) throws IOException {
            super("Vireo");
            vm = new VirtualMachine(VmSpec.of("vnc-interop", 1, MEMORY, tiny.kernel(), tiny.initrd(), tiny.cmdline())
                    .withDevices(List.of(new DeviceSpec.Display(WIDTH, HEIGHT), new DeviceSpec.Input())));
            serial = new SerialTranscript(vm::typeSerial);
            vm.addSerialListener(serial::append);
            vm.start();
            listening = vm.displayServer().orElseThrow()
                    .listen(new InetSocketAddress("127.0.0.1", port), Optional.empty(), KeyboardLayout.US);
        }

        @Override
        SerialTranscript serial() {
            return serial;
        }

        @Override
        int[] screen() throws IOException {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(vm.screenshot().orElseThrow()));
            return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        }

        @Override
        public void close() throws Exception {
            listening.close();
            vm.close();
        }
    }

    private static final class Qemu extends InteropGuest {
        private final Process process;
        private final SerialConsole serial;

        Qemu(Appliance tiny) throws IOException {
            super("QEMU");
            String qemu = RequiredTool.require("qemu-system-riscv64", "qemu-system-misc").toString();
            List<String> command = new ArrayList<>(List.of(qemu, "-M", "virt", "-m", (MEMORY >> 20) + "M", "-smp", "1",
                    "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
                    "-kernel", tiny.kernel().toString(), "-initrd", tiny.initrd().toString(), "-append", tiny.cmdline(),
                    "-global", "virtio-mmio.force-legacy=false",
                    "-device", "virtio-gpu-device,xres=" + WIDTH + ",yres=" + HEIGHT,
                    "-device", "virtio-keyboard-device", "-device", "virtio-tablet-device",
                    "-vnc", "127.0.0.1:" + (port - 5900)));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            serial = new SerialConsole(process);
        }

        @Override
        SerialTranscript serial() {
            return serial.transcriptOf();
        }

        @Override
        int[] screen() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                RfbClient client = new RfbClient(socket.getInputStream(), socket.getOutputStream());
                client.handshake();
                client.setPixelFormat(PixelFormat.DEFAULT);
                client.setEncodings(RfbClient.RAW);
                client.request(false, 0, 0, WIDTH, HEIGHT);
                client.readUpdate();
                return client.pixels().clone();
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
