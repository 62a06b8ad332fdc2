package io.vireo.engine.display.interop;

import io.vireo.engine.display.interop.ScreenMatch.Tolerance;

import java.util.ArrayList;
import java.util.List;

/**
 * A Debian-packaged VNC viewer that runs unattended under Xvfb, and the cells of the interop matrix
 * it takes part in: each an encoding it can be told to prefer, at a pixel depth it can be told to use.
 * Viewers that draw the server's cursor into their picture are told not to ask for it (the capture
 * would hold a pointer the guest's screen does not).
 */
enum VncViewer {
    TIGERVNC("TigerVNC", "xtigervncviewer", "tigervnc-viewer"),
    TIGHTVNC("TightVNC 1.3", "xtightvncviewer", "xtightvncviewer"),
    SSVNC("ssvnc", "ssvncviewer", "ssvnc");

    private static final Tolerance EXACT = new Tolerance.Exact();
    private static final Tolerance RGB332 = new Tolerance.Quantized(7, 7, 3);
    private static final Tolerance RGB565 = new Tolerance.Quantized(31, 63, 31);
    /** Mean error per channel allowed when the viewer asks for JPEG. */
    private static final Tolerance JPEG = new Tolerance.Lossy(4);

    /** One cell: this viewer preferring {@code encoding} at {@code bpp} bits per pixel. */
    record Cell(VncViewer viewer, String encoding, int bpp, Tolerance tolerance, List<String> options) {
        @Override
        public String toString() {
            return viewer.label + " " + encoding + " " + bpp + "bpp";
        }

        /** The command line that connects to a server on 127.0.0.1 at {@code port}. */
        List<String> command(int port) {
            List<String> command = new ArrayList<>();
            command.add(viewer.program);
            command.addAll(options);
            command.add(viewer == TIGERVNC || viewer == TIGHTVNC ? "127.0.0.1::" + port : "127.0.0.1:" + (port - 5900));
            return command;
        }
    }

    final String label;
    final String program;
    final String debianPackage;

    VncViewer(String label, String program, String debianPackage) {
        this.label = label;
        this.program = program;
        this.debianPackage = debianPackage;
    }

    /**
     * The matrix. TigerVNC always lists every encoding it has (CopyRect too), its preferred first, and
     * chooses 32 bpp or 8 bpp (RGB332) only; TightVNC 1.3 lists exactly what it is told and chooses 32
     * or 8 bpp (BGR233); ssvnc adds ZRLE and 16 bpp (RGB565).
     */
    static List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (String e : List.of("Raw", "Hextile", "ZRLE", "Tight", "Tight+JPEG")) {
            cells.add(tiger(e, 32));
        }
        cells.add(tiger("ZRLE", 8));
        cells.add(tiger("Tight", 8));
        for (String e : List.of("Raw", "CopyRect", "Hextile", "Zlib", "Tight", "Tight+JPEG")) {
            cells.add(tight(TIGHTVNC, e, 32));
        }
        cells.add(tight(TIGHTVNC, "Hextile", 8));
        cells.add(tight(TIGHTVNC, "Tight", 8));
        cells.add(tight(SSVNC, "ZRLE", 32));
        cells.add(tight(SSVNC, "ZRLE", 16));
        cells.add(tight(SSVNC, "Tight", 16));
        cells.add(tight(SSVNC, "Zlib", 8));
        return cells;
    }

    private static Cell tiger(String encoding, int bpp) {
        List<String> o = new ArrayList<>(List.of("-Shared", "-AutoSelect=0", "-RemoteResize=0",
                "-PreferredEncoding=" + encoding.replace("+JPEG", "").toLowerCase(java.util.Locale.ROOT)));
        o.addAll(encoding.endsWith("+JPEG") ? List.of("-NoJPEG=0", "-QualityLevel=9") : List.of("-NoJPEG=1"));
        o.addAll(bpp == 32 ? List.of("-FullColor=1") : List.of("-FullColor=0", "-LowColorLevel=2"));
        return new Cell(TIGERVNC, encoding, bpp, tolerance(encoding, bpp), o);
    }

    /** TightVNC 1.3 and ssvnc, which share its options. */
    private static Cell tight(VncViewer viewer, String encoding, int bpp) {
        String list = switch (encoding) {
            case "CopyRect" -> "copyrect raw";
            case "Tight+JPEG" -> "tight";
            default -> encoding.toLowerCase(java.util.Locale.ROOT);
        };
        List<String> o = new ArrayList<>(List.of("-shared", "-nocursorshape", "-encodings", list));
        o.addAll(encoding.endsWith("+JPEG") ? List.of("-quality", "9") : List.of("-nojpeg"));
        if (bpp == 8) {
            o.add("-bgr233");
        } else if (bpp == 16) {
            o.add("-16bpp");
        }
        return new Cell(viewer, encoding, bpp, tolerance(encoding, bpp), o);
    }

    private static Tolerance tolerance(String encoding, int bpp) {
        if (encoding.endsWith("+JPEG")) {
            return JPEG;
        }
        return bpp == 32 ? EXACT : bpp == 16 ? RGB565 : RGB332;
    }
}
