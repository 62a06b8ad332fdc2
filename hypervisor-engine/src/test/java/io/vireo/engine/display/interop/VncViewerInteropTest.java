package io.vireo.engine.display.interop;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interop matrix: the tiny appliance boots once in Vireo and once in QEMU, each serving VNC; every
 * Debian-packaged viewer that runs unattended ({@link VncViewer}) connects to each under Xvfb with each
 * encoding and depth it can be told to use, and what it shows, captured with xwd, must match the
 * server's own picture of the screen: first the whole screen, then after the guest printed a line.
 * QEMU is the control: a cell that fails against QEMU too is the viewer's limitation, and only a cell
 * that works against QEMU must work against Vireo. The table goes to standard output and to
 * {@code target/vnc-interop.md}.
 */
class VncViewerInteropTest {
    private static final Duration BOOT = Duration.ofMinutes(5), PICTURE = Duration.ofSeconds(20),
            COMMAND = Duration.ofSeconds(60);
    /** Room around the 1024x768 picture: some viewers centre their window. */
    private static final int X_WIDTH = 1280, X_HEIGHT = 1024;
    /** Hides the text cursor and fills the console with colours, so the picture is steady and tells formats apart. */
    private static final String PREPARE = "echo 0 > /sys/class/graphics/fbcon/cursor_blink; "
            + "printf '\\033[?25l\\033[H\\033[2J' > /dev/tty0; for c in 1 2 3 4 5 6 7; do "
            + "printf \"\\033[3${c}mcolour $c \\033[1mbright $c \\033[0m\\033[4${c}m background $c \\033[0m\\n\" > /dev/tty0; "
            + "done; ls -l / > /dev/tty0";

    @TempDir
    Path logs;

    private record Outcome(boolean passed, String detail) {
        @Override
        public String toString() {
            return passed ? "pass" : "FAIL: " + detail;
        }
    }

    @Test
    void everyViewerThatShowsQemusGuestShowsVireosToo() throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        for (VncViewer viewer : VncViewer.values()) {
            viewer.requireInstalled(logs);
        }
        Map<VncViewer.Cell, Outcome> vireo = new LinkedHashMap<>(), qemu = new LinkedHashMap<>();
        try (InteropGuest v = InteropGuest.vireo(tiny); InteropGuest q = InteropGuest.qemu(tiny);
             XvfbDisplay x = new XvfbDisplay(X_WIDTH, X_HEIGHT)) {
            Instant booted = Instant.now().plus(BOOT);
            for (InteropGuest guest : List.of(q, v)) {
                guest.awaitReady(booted);
                guest.run(PREPARE, Instant.now().plus(COMMAND));
            }
            int line = 0;
            for (VncViewer.Cell cell : VncViewer.cells()) {
                vireo.put(cell, run(x, v, cell, line++));
                qemu.put(cell, run(x, q, cell, line++));
            }
        }
        String table = table(vireo, qemu);
        System.out.println(table);
        Files.writeString(Path.of("target", "vnc-interop.md"), table);
        List<String> regressions = new ArrayList<>();
        vireo.forEach((cell, outcome) -> {
            if (qemu.get(cell).passed() && !outcome.passed()) {
                regressions.add(cell + ": " + outcome.detail());
            }
        });
        assertThat(regressions).as("cells that work against QEMU but not against Vireo\n%s", table).isEmpty();
    }

    /**
     * One cell. A viewer that could not open the X display never reached the VNC server: the harness's X server
     * turned it away (seen once on a loaded host), which says nothing of the guest's server, so the cell is tried
     * once more.
     */
    private Outcome run(XvfbDisplay x, InteropGuest guest, VncViewer.Cell cell, int line) throws Exception {
        Outcome outcome = attempt(x, guest, cell, line);
        return outcome.detail().contains("Can't open display") ? attempt(x, guest, cell, line) : outcome;
    }

    /** Connects one viewer, waits for the whole screen, has the guest print a line, waits for that. */
    private Outcome attempt(XvfbDisplay x, InteropGuest guest, VncViewer.Cell cell, int line) throws Exception {
        Path work = Files.createDirectories(logs.resolve((cell + " " + guest.name).replace(' ', '-')));
        Path log = work.resolve("viewer.log");
        Process viewer = x.start(cell.command(guest.port, work), log);
        try {
            String first = awaitPicture(x, guest, cell, viewer, work, log);
            if (first != null) {
                return new Outcome(false, "first picture: " + first);
            }
            guest.run("echo interop line " + line + " > /dev/tty0", Instant.now().plus(COMMAND));
            String next = awaitPicture(x, guest, cell, viewer, work, log);
            return next == null ? new Outcome(true, "") : new Outcome(false, "after an update: " + next);
        } finally {
            viewer.destroy();
            if (!viewer.waitFor(5, TimeUnit.SECONDS)) {
                viewer.destroyForcibly();
                viewer.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Null once the viewer shows the guest's screen; else what differed when time ran out. */
    private static String awaitPicture(XvfbDisplay x, InteropGuest guest, VncViewer.Cell cell, Process viewer, Path work,
                                       Path log) throws Exception {
        Instant deadline = Instant.now().plus(PICTURE);
        ScreenMatch m = null;
        IOException unreadable = null;
        do {
            if (!viewer.isAlive()) {
                return "the viewer exited (" + viewer.exitValue() + "): " + lastLine(log);
            }
            try {
                m = ScreenMatch.compare(cell.capture(x, work), guest.screen(), InteropGuest.WIDTH, InteropGuest.HEIGHT,
                        cell.tolerance());
                if (cell.tolerance().matches(m)) {
                    return null;
                }
            } catch (IOException e) {
                // The harness's X server turned the capture away for a moment (seen on CI); the next one is read.
                unreadable = e;
            }
            Thread.sleep(300);
        } while (Instant.now().isBefore(deadline));
        if (m == null) {
            return "the X screen could not be captured: " + unreadable.getMessage();
        }
        return m.found() ? m.mismatched() + " pixels differ, mean error " + String.format("%.2f", m.meanError())
                : "no picture of the guest on the X screen; viewer said: " + lastLine(log);
    }

    private static String lastLine(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        return lines.isEmpty() ? "nothing" : lines.getLast();
    }

    private static String table(Map<VncViewer.Cell, Outcome> vireo, Map<VncViewer.Cell, Outcome> qemu) {
        StringBuilder b = new StringBuilder("| viewer | encoding | bpp | Vireo | QEMU (control) |\n|---|---|---|---|---|\n");
        vireo.forEach((cell, outcome) -> b.append("| ").append(cell.viewer().label).append(" | ").append(cell.encoding())
                .append(" | ").append(cell.bpp()).append(" | ").append(outcome).append(" | ").append(qemu.get(cell))
                .append(" |\n"));
        return b.toString();
    }
}
