package io.vireo.engine.display.interop;

import io.vireo.engine.testing.RequiredTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A headless X server (Xvfb) with a black 24-bit screen, no window manager, on the first free display
 * number from 80; {@link #capture()} dumps the whole screen with {@code xwd}.
 */
final class XvfbDisplay implements AutoCloseable {
    private final Process server;
    private final String display;
    private final Path xwd;

    XvfbDisplay(int width, int height) throws IOException, InterruptedException {
        Path xvfb = RequiredTool.require("Xvfb", "xvfb");
        xwd = RequiredTool.require("xwd", "x11-apps");
        int n = 80;
        while (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
            n++;
        }
        display = ":" + n;
        server = new ProcessBuilder(xvfb.toString(), display, "-screen", "0", width + "x" + height + "x24",
                "-br", "-nolisten", "tcp").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Instant deadline = Instant.now().plusSeconds(20);
        while (!Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
            if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                close();
                throw new IOException("Xvfb did not start on " + display);
            }
            Thread.sleep(50);
        }
    }

    /** The DISPLAY value for clients. */
    String display() {
        return display;
    }

    /** The whole screen as it is now. */
    Picture capture() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(xwd.toString(), "-root", "-silent");
        pb.environment().put("DISPLAY", display);
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("xwd failed on " + display);
        }
        return Picture.xwd(bytes);
    }

    /** Starts a program on this display; its output goes to {@code log}. */
    Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DISPLAY", display);
        return pb.start();
    }

    @Override
    public void close() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }
}
