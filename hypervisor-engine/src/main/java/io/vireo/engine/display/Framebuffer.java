package io.vireo.engine.display;

import java.util.Optional;

/**
 * The guest's visible screen as the display server reads it: 32-bit pixels 0x00RRGGBB, row-major,
 * {@code width * height} of them. The producer (virtio-gpu scanout) calls {@link Listener}s with the
 * rectangles it flushed and with mode changes; readers copy pixels out under {@link #lock()}.
 */
public interface Framebuffer {
    int width();

    int height();

    /** Copies a rectangle of pixels into {@code dst} (row stride {@code w}). */
    void copy(int x, int y, int w, int h, int[] dst);

    /** Guards pixels and size against a concurrent flush or resize while a reader copies. */
    Object lock();

    void addListener(Listener listener);

    void removeListener(Listener listener);

    /** The pointer shape the guest set, if it set one (virtio-gpu's cursor queue). */
    default Optional<CursorImage> cursor() {
        return Optional.empty();
    }

    /** Asks the guest to switch to another mode (a viewer resized its window); false if it cannot be asked. */
    default boolean requestMode(int width, int height) {
        return false;
    }

    interface Listener {
        /** The guest flushed this rectangle: its pixels changed. */
        void damaged(int x, int y, int w, int h);

        /** The mode changed: the whole screen is new. */
        void resized(int width, int height);

        /** The guest set another pointer shape. */
        default void cursorChanged() {
        }
    }
}
