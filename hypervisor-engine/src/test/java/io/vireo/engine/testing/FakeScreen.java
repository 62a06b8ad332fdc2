package io.vireo.engine.testing;

import io.vireo.engine.display.CursorImage;
import io.vireo.engine.display.Framebuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A guest screen for display tests: pixels the test sets, flushes and resizes it announces, modes it was asked for. */
public final class FakeScreen implements Framebuffer {
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    public final List<String> modeRequests = new ArrayList<>();
    private int width, height;
    private int[] pixels;
    private CursorImage cursor;

    public FakeScreen(int width, int height) {
        this.width = width;
        this.height = height;
        this.pixels = new int[width * height];
    }

    /** A screen of distinct, pseudo-random pixels. */
    public static FakeScreen noise(int width, int height) {
        FakeScreen s = new FakeScreen(width, height);
        for (int i = 0; i < s.pixels.length; i++) {
            int v = (int) (i * 2654435761L & 0xFFFFFF);
            s.pixels[i] = v != 0 ? v : 0x123456;
        }
        return s;
    }

    public synchronized int[] pixels() {
        return pixels;
    }

    public synchronized void set(int x, int y, int rgb) {
        pixels[y * width + x] = rgb;
    }

    /** The guest flushed a rectangle. */
    public void flush(int x, int y, int w, int h) {
        listeners.forEach(l -> l.damaged(x, y, w, h));
    }

    /** The guest switched mode; the new screen is black. */
    public void resize(int w, int h) {
        synchronized (this) {
            width = w;
            height = h;
            pixels = new int[w * h];
        }
        listeners.forEach(l -> l.resized(w, h));
    }

    /** The guest set a pointer shape. */
    public void setCursor(CursorImage image) {
        synchronized (this) {
            cursor = image;
        }
        listeners.forEach(Listener::cursorChanged);
    }

    @Override
    public synchronized Optional<CursorImage> cursor() {
        return Optional.ofNullable(cursor);
    }

    public int listenerCount() {
        return listeners.size();
    }

    @Override
    public synchronized int width() {
        return width;
    }

    @Override
    public synchronized int height() {
        return height;
    }

    @Override
    public synchronized void copy(int x, int y, int w, int h, int[] dst) {
        for (int j = 0; j < h; j++) {
            System.arraycopy(pixels, (y + j) * width + x, dst, j * w, w);
        }
    }

    @Override
    public Object lock() {
        return this;
    }

    @Override
    public void addListener(Listener l) {
        listeners.add(l);
    }

    @Override
    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    @Override
    public synchronized boolean requestMode(int w, int h) {
        modeRequests.add(w + "x" + h);
        return true;
    }
}
