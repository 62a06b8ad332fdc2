package io.vireo.engine.devices.virtio.gpu;

import io.vireo.engine.display.Framebuffer;

import java.util.Arrays;
import java.util.List;

/**
 * Scanout 0, the screen: the mode offered to the guest, the resource it shows, and the listeners told of
 * flushed rectangles and mode changes. Until the guest sets a scanout the screen is the offered mode,
 * black. Callers hold the device's lock.
 */
final class Scanout {
    private final ResourceTable resources;
    private final List<Framebuffer.Listener> listeners;
    private int preferredWidth, preferredHeight;
    private int resourceId;
    private int width, height;

    Scanout(ResourceTable resources, List<Framebuffer.Listener> listeners, int preferredWidth, int preferredHeight) {
        this.resources = resources;
        this.listeners = listeners;
        prefer(preferredWidth, preferredHeight);
    }

    /** The mode GET_DISPLAY_INFO and the EDID offer from now on. */
    void prefer(int width, int height) {
        preferredWidth = width;
        preferredHeight = height;
    }

    int preferredWidth() {
        return preferredWidth;
    }

    int preferredHeight() {
        return preferredHeight;
    }

    /** The resource shown, 0 when none. */
    int resourceId() {
        return resourceId;
    }

    int width() {
        return resourceId != 0 ? width : preferredWidth;
    }

    int height() {
        return resourceId != 0 ? height : preferredHeight;
    }

    GpuResponse set(GpuCommand.SetScanout s) {
        if (s.id() == 0) {
            resourceId = 0;
            return GpuResponse.OK_NODATA;
        }
        Resource r = resources.get(s.id());
        if (r == null) {
            return GpuResponse.ERR_INVALID_RESOURCE;
        }
        if (!r.contains(s.x(), s.y(), s.width(), s.height()) || s.x() != 0 || s.y() != 0) {
            return GpuResponse.ERR_INVALID_PARAMETER;
        }
        boolean resized = s.width() != width() || s.height() != height();
        resourceId = s.id();
        width = s.width();
        height = s.height();
        if (resized) {
            for (Framebuffer.Listener l : listeners) {
                l.resized(width, height);
            }
        }
        return GpuResponse.OK_NODATA;
    }

    /** The guest flushed a rectangle of a resource: if the screen shows it, that part of the screen changed. */
    GpuResponse flush(GpuCommand.Flush f) {
        Resource r = resources.get(f.id());
        if (r == null) {
            return GpuResponse.ERR_INVALID_RESOURCE;
        }
        if (!r.contains(f.x(), f.y(), f.width(), f.height())) {
            return GpuResponse.ERR_INVALID_PARAMETER;
        }
        if (f.id() == resourceId) {
            int w = Math.min(f.width(), width - f.x()), h = Math.min(f.height(), height - f.y());
            if (w > 0 && h > 0) {
                for (Framebuffer.Listener l : listeners) {
                    l.damaged(f.x(), f.y(), w, h);
                }
            }
        }
        return GpuResponse.OK_NODATA;
    }

    /** A resource went away; if it was on screen, the screen falls back to the offered mode. */
    void forget(int id) {
        if (resourceId == id) {
            resourceId = 0;
        }
    }

    /** The device was reset: nothing is shown. */
    void reset() {
        resourceId = 0;
    }

    /** See {@link Framebuffer#copy}: what lies outside the shown resource reads as black. */
    void copy(int x, int y, int w, int h, int[] dst) {
        Resource r = resourceId != 0 ? resources.get(resourceId) : null;
        for (int j = 0; j < h; j++) {
            if (r == null || y + j >= r.height || x + w > r.width) {
                Arrays.fill(dst, j * w, (j + 1) * w, 0);
            } else {
                System.arraycopy(r.pixels, (y + j) * r.width + x, dst, j * w, w);
            }
        }
    }
}
