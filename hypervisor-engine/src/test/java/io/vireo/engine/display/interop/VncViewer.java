package io.vireo.engine.display.interop;

import io.vireo.engine.display.interop.ScreenMatch.Tolerance;
import io.vireo.engine.testing.RequiredTool;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Debian-packaged VNC viewer that runs unattended under Xvfb, and the cells of the interop matrix
 * it takes part in: each an encoding it can be told to prefer, at a pixel depth it can be told to use.
 * Viewers that draw the server's cursor into their picture are told not to ask for it (the capture
 * would hold a pointer the guest's screen does not).
 */
enum VncViewer {
    TIGERVNC("TigerVNC", "xtigervncviewer", "tigervnc-viewer"),
    TIGHTVNC("TightVNC 1.3", "xtightvncviewer", "xtightvncviewer"),
    SSVNC("ssvnc", "ssvncviewer", "ssvnc"),
    /** gvncviewer's widget, which virt-viewer and virt-manager use too, through a script that saves its picture. */
    GTK_VNC("gtk-vnc", "/usr/bin/python3", "gir1.2-gtk-vnc-2.0"),
    /**
     * libvncclient (Remmina's VNC library and many embedded clients): Debian packages no viewer built on it
     * that runs unattended, so a small one is compiled from {@code interop/libvncclient-capture.c}.
     */
    LIBVNCCLIENT("libvncclient", "gcc", "libvncserver-dev");

    private static final String GTK_VNC_SCRIPT = "/interop/gtk-vnc-capture.py", GTK_VNC_PICTURE = "gtk-vnc.png",
            LIBVNCCLIENT_SOURCE = "/interop/libvncclient-capture.c", LIBVNCCLIENT_PICTURE = "libvncclient.ppm";
    /** The compiled libvncclient viewer, once {@link #requireInstalled} made it. */
    private static Path libvncclientViewer;

    private static final Tolerance EXACT = new Tolerance.Exact();
    private static final Tolerance RGB332 = new Tolerance.Quantized(7, 7, 3);
    private static final Tolerance RGB565 = new Tolerance.Quantized(31, 63, 31);
    /** gtk-vnc's medium depth: 16 bits per pixel of 15 bits' colour. */
    private static final Tolerance RGB555 = new Tolerance.Quantized(31, 31, 31);
    /** Mean error per channel allowed when the viewer asks for JPEG. */
    private static final Tolerance JPEG = new Tolerance.Lossy(4);

    /** One cell: this viewer preferring {@code encoding} at {@code bpp} bits per pixel. */
    record Cell(VncViewer viewer, String encoding, int bpp, Tolerance tolerance, List<String> options) {
        @Override
        public String toString() {
            return viewer.label + " " + encoding + " " + bpp + "bpp";
        }

        /** The command line that connects to a server on 127.0.0.1 at {@code port}; {@code work} is the cell's own directory. */
        List<String> command(int port, Path work) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(viewer.program);
            if (viewer == GTK_VNC) {
                try {
                    command.add(Path.of(VncViewer.class.getResource(GTK_VNC_SCRIPT).toURI()).toString());
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
                command.addAll(List.of("127.0.0.1", Integer.toString(port)));
                command.addAll(options);
                command.add(work.resolve(GTK_VNC_PICTURE).toString());
                return command;
            }
            if (viewer == LIBVNCCLIENT) {
                command.set(0, libvncclientViewer.toString());
                command.add("127.0.0.1:" + port);
                command.addAll(options);
                command.add(work.resolve(LIBVNCCLIENT_PICTURE).toString());
                return command;
            }
            command.addAll(options);
            command.add(viewer == TIGERVNC || viewer == TIGHTVNC ? "127.0.0.1::" + port : "127.0.0.1:" + (port - 5900));
            return command;
        }

        /** What the viewer shows now: the X screen, or the picture gtk-vnc saved (null before the first). */
        Picture capture(XvfbDisplay x, Path work) throws IOException, InterruptedException {
            return switch (viewer) {
                case GTK_VNC -> Picture.png(work.resolve(GTK_VNC_PICTURE));
                case LIBVNCCLIENT -> Picture.ppm(work.resolve(LIBVNCCLIENT_PICTURE));
                default -> x.capture();
            };
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
     * or 8 bpp (BGR233); ssvnc adds ZRLE and 16 bpp (RGB565); gtk-vnc always prefers Tight and
     * chooses its depth and JPEG or not; libvncclient lists what it is told and takes 32 or 16 bpp (RGB565).
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
        cells.add(gtk("Tight", 32, "full"));
        cells.add(gtk("Tight+JPEG", 32, "full"));
        cells.add(gtk("Tight", 16, "medium"));
        cells.add(gtk("Tight", 8, "low"));
        for (String e : List.of("Raw", "CopyRect", "Hextile", "Zlib", "ZRLE", "Tight", "Tight+JPEG")) {
            cells.add(libvncclient(e, 32));
        }
        cells.add(libvncclient("Tight", 16));
        cells.add(libvncclient("ZRLE", 16));
        return cells;
    }

    private static Cell tiger(String encoding, int bpp) {
        List<String> o = new ArrayList<>(List.of("-Shared", "-AutoSelect=0", "-RemoteResize=0",
                "-PreferredEncoding=" + encoding.replace("+JPEG", "").toLowerCase(Locale.ROOT)));
        o.addAll(encoding.endsWith("+JPEG") ? List.of("-NoJPEG=0", "-QualityLevel=9") : List.of("-NoJPEG=1"));
        o.addAll(bpp == 32 ? List.of("-FullColor=1") : List.of("-FullColor=0", "-LowColorLevel=2"));
        return new Cell(TIGERVNC, encoding, bpp, tolerance(encoding, bpp), o);
    }

    /** TightVNC 1.3 and ssvnc, which share its options. */
    private static Cell tight(VncViewer viewer, String encoding, int bpp) {
        String list = switch (encoding) {
            case "CopyRect" -> "copyrect raw";
            case "Tight+JPEG" -> "tight";
            default -> encoding.toLowerCase(Locale.ROOT);
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

    /** gtk-vnc lists every encoding it has, Tight first; only its depth and whether it takes JPEG can be chosen. */
    private static Cell gtk(String encoding, int bpp, String depth) {
        return new Cell(GTK_VNC, encoding, bpp, bpp == 16 ? RGB555 : tolerance(encoding, bpp),
                List.of(depth, encoding.endsWith("+JPEG") ? "lossy" : "lossless"));
    }

    /** libvncclient lists exactly what it is told (and its pseudo-encodings); depth and JPEG are its own settings. */
    private static Cell libvncclient(String encoding, int bpp) {
        String list = switch (encoding) {
            case "CopyRect" -> "copyrect raw";
            case "Tight+JPEG" -> "tight";
            default -> encoding.toLowerCase(Locale.ROOT);
        };
        return new Cell(LIBVNCCLIENT, encoding, bpp, tolerance(encoding, bpp),
                List.of(list, Integer.toString(bpp), encoding.endsWith("+JPEG") ? "jpeg" : "nojpeg"));
    }

    /**
     * Fails the test, naming the Debian packages, when this viewer is not installed; compiles the libvncclient
     * viewer into {@code work}.
     */
    void requireInstalled(Path work) throws IOException, InterruptedException {
        if (this == LIBVNCCLIENT) {
            RequiredTool.require(program, "gcc");
            libvncclientViewer = compileLibvncclientViewer(work);
            return;
        }
        if (this != GTK_VNC) {
            RequiredTool.require(program, debianPackage);
            return;
        }
        Process p = new ProcessBuilder(program, "-c", "import gi; gi.require_version('Gtk', '3.0'); "
                + "gi.require_version('GtkVnc', '2.0')").redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new AssertionError("gtk-vnc for Python is not installed: it comes with the Debian packages "
                    + "python3-gi and " + debianPackage + " (./vireo-test installs them); " + program + " said: " + said);
        }
    }

    private static Path compileLibvncclientViewer(Path work) throws IOException, InterruptedException {
        Path source = work.resolve("libvncclient-capture.c"), binary = work.resolve("libvncclient-capture");
        try (var in = VncViewer.class.getResourceAsStream(LIBVNCCLIENT_SOURCE)) {
            Files.copy(in, source);
        }
        Process p = new ProcessBuilder("sh", "-c", "gcc -O2 -o '" + binary + "' '" + source
                + "' $(pkg-config --cflags --libs libvncclient)").redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new AssertionError("the libvncclient viewer does not compile: it needs the Debian packages gcc, "
                    + "pkg-config and libvncserver-dev (./vireo-test installs them); gcc said: " + said);
        }
        return binary;
    }

    private static Tolerance tolerance(String encoding, int bpp) {
        if (encoding.endsWith("+JPEG")) {
            return JPEG;
        }
        return bpp == 32 ? EXACT : bpp == 16 ? RGB565 : RGB332;
    }
}
