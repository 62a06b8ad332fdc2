package io.vireo.engine.display;

/** Where a display client's keyboard and pointer go (virtio-input keyboard and tablet). */
public interface InputSink {
    int KEY_LEFTCTRL = 29, KEY_LEFTALT = 56, KEY_DELETE = 111;

    /** A sink for a VM without input devices: everything is dropped. */
    InputSink NONE = new InputSink() {
        @Override
        public void key(int linuxKeyCode, boolean down) {
        }

        @Override
        public void pointer(int x, int y, int width, int height, int buttons) {
        }
    };

    /** A key went down or up; {@code linuxKeyCode} is a Linux input event code (KEY_*). */
    void key(int linuxKeyCode, boolean down);

    /**
     * The absolute pointer moved to ({@code x}, {@code y}) of a screen {@code width} x {@code height};
     * {@code buttons} is the RFB button mask (bit 0 left, 1 middle, 2 right, 3/4 wheel up/down).
     */
    void pointer(int x, int y, int width, int height, int buttons);

    /** Presses and releases Ctrl-Alt-Del, which a viewer cannot send without its own desktop taking it. */
    default void ctrlAltDel() {
        int[] chord = {KEY_LEFTCTRL, KEY_LEFTALT, KEY_DELETE};
        for (int code : chord) {
            key(code, true);
        }
        for (int i = chord.length - 1; i >= 0; i--) {
            key(chord[i], false);
        }
    }
}
