#!/usr/bin/python3
# A gtk-vnc viewer (the widget of gvncviewer, virt-viewer and virt-manager) for the interop matrix:
# connects, then every 300 ms saves what the widget holds as a PNG (written aside, then renamed).
# Usage: gtk-vnc-capture.py HOST PORT full|medium|low lossy|lossless OUT.png
import os
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("GtkVnc", "2.0")
from gi.repository import GLib, Gtk, GtkVnc  # noqa: E402

host, port, depth, lossy, out = sys.argv[1:6]
display = GtkVnc.Display()
display.set_depth({"full": GtkVnc.DisplayDepthColor.FULL, "medium": GtkVnc.DisplayDepthColor.MEDIUM,
                   "low": GtkVnc.DisplayDepthColor.LOW}[depth])
display.set_lossy_encoding(lossy == "lossy")
display.set_pointer_local(True)
# shared, as the other viewers: an exclusive client makes QEMU turn away the test's reference reader
display.set_shared_flag(True)
window = Gtk.Window()
window.add(display)
window.show_all()


def save():
    pixbuf = display.get_pixbuf()
    if pixbuf is not None:
        pixbuf.savev(out + ".part", "png", [], [])
        os.replace(out + ".part", out)
    return True


def gone(*_):
    print("disconnected", flush=True)
    Gtk.main_quit()


display.connect("vnc-disconnected", gone)
display.connect("vnc-error", lambda _d, message: print("error:", message, flush=True))
display.open_host(host, port)
GLib.timeout_add(300, save)
Gtk.main()
