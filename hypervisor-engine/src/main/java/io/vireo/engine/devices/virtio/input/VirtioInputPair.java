package io.vireo.engine.devices.virtio.input;

import io.vireo.engine.display.InputSink;

/** A keyboard and a tablet fed as one {@link InputSink}: what a display client's keys and pointer become. */
public final class VirtioInputPair implements InputSink {
    private static final int BTN_LEFT = 0x110, BTN_RIGHT = 0x111, BTN_MIDDLE = 0x112, REL_WHEEL = 8;

    private final VirtioInput keyboard;
    private final VirtioInput tablet;
    private int lastButtons;

    public VirtioInputPair(VirtioInput keyboard, VirtioInput tablet) {
        this.keyboard = keyboard;
        this.tablet = tablet;
    }

    @Override
    public synchronized void key(int linuxKeyCode, boolean down) {
        if (linuxKeyCode <= 0 || linuxKeyCode > 248) {
            return;
        }
        keyboard.send(VirtioInput.EV_KEY, linuxKeyCode, down ? 1 : 0);
        keyboard.send(VirtioInput.EV_SYN, 0, 0);
    }

    @Override
    public synchronized void pointer(int x, int y, int width, int height, int buttons) {
        tablet.send(VirtioInput.EV_ABS, 0, scale(x, width));
        tablet.send(VirtioInput.EV_ABS, 1, scale(y, height));
        int changed = buttons ^ lastButtons;
        int[][] map = {{1, BTN_LEFT}, {2, BTN_MIDDLE}, {4, BTN_RIGHT}};
        for (int[] m : map) {
            if ((changed & m[0]) != 0) {
                tablet.send(VirtioInput.EV_KEY, m[1], (buttons & m[0]) != 0 ? 1 : 0);
            }
        }
        if ((buttons & 8) != 0 && (lastButtons & 8) == 0) {
            tablet.send(VirtioInput.EV_REL, REL_WHEEL, 1);
        }
        if ((buttons & 16) != 0 && (lastButtons & 16) == 0) {
            tablet.send(VirtioInput.EV_REL, REL_WHEEL, -1);
        }
        lastButtons = buttons;
        tablet.send(VirtioInput.EV_SYN, 0, 0);
    }

    private static int scale(int v, int size) {
        if (size <= 1) {
            return 0;
        }
        long clamped = Math.max(0, Math.min(v, size - 1));
        return (int) (clamped * VirtioInput.ABS_MAX / (size - 1));
    }
}
