package io.vireo.engine.display.rfb;

import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.InputSink;

/**
 * What one session's client may do to the guest's keyboard and pointer: keys map to Linux key codes
 * (from a QEMU XT code when it names a known key, else from the keysym through the session's layout),
 * the pointer is scaled to the screen, and a view-only session sends nothing at all.
 */
final class SessionInput {
    private final InputSink sink;
    private final Framebuffer screen;
    private final boolean viewOnly;
    private final KeyboardLayout layout;

    SessionInput(InputSink sink, Framebuffer screen, boolean viewOnly, KeyboardLayout layout) {
        this.sink = sink;
        this.screen = screen;
        this.viewOnly = viewOnly;
        this.layout = layout;
    }

    void key(boolean down, int keysym, int xtCode) {
        int code = XtKeycodes.linuxKeyCode(xtCode);
        if (code == 0) {
            code = layout.linuxKeyCode(keysym);
        }
        if (!viewOnly && code != 0) {
            sink.key(code, down);
        }
    }

    void pointer(int buttons, int x, int y) {
        if (!viewOnly) {
            sink.pointer(x, y, screen.width(), screen.height(), buttons);
        }
    }

    /** Sends Ctrl-Alt-Del unless the session is view-only; true if it was sent. */
    boolean ctrlAltDel() {
        if (viewOnly) {
            return false;
        }
        sink.ctrlAltDel();
        return true;
    }
}
