package io.vireo.engine.testing;

import io.vireo.engine.display.InputSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An input sink that writes down what reaches the guest, as "key CODE down|up" and "pointer X,Y BUTTONS". */
public final class RecordingInput implements InputSink {
    /** What arrived, in order; written by the server's session threads. */
    public final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void key(int code, boolean down) {
        events.add("key " + code + (down ? " down" : " up"));
    }

    @Override
    public void pointer(int x, int y, int w, int h, int buttons) {
        events.add("pointer " + x + "," + y + " " + buttons);
    }
}
