package io.vireo.engine.display;

/** Where a display client's keyboard and pointer go (virtio-input keyboard and tablet). */
public interface InputSink {
    /** A key went down or up; {@code linuxKeyCode} is a Linux input event code (KEY_*). */
    void key(int linuxKeyCode, boolean down);

    /**
     * The absolute pointer moved to ({@code x}, {@code y}) of a screen {@code width} x {@code height};
     * {@code buttons} is the RFB button mask (bit 0 left, 1 middle, 2 right, 3/4 wheel up/down).
     */
    void pointer(int x, int y, int width, int height, int buttons);
}
