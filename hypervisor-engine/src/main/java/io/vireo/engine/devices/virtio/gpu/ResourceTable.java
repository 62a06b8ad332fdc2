package io.vireo.engine.devices.virtio.gpu;

import io.vireo.engine.display.CursorImage;
import io.vireo.engine.mmu.GuestMemory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The guest's resources by id, and the host memory their pixels take, capped so a guest cannot make the
 * host allocate without bound. Runs the resource commands; callers hold the device's lock.
 */
final class ResourceTable {
    private static final long MAX_RESOURCE_BYTES = 256L << 20;

    private final Map<Integer, Resource> resources = new HashMap<>();
    private long bytes;

    /** The resource with {@code id}, or null. */
    Resource get(int id) {
        return resources.get(id);
    }

    /** The ids of the resources, in order. */
    List<Integer> ids() {
        return resources.keySet().stream().sorted().toList();
    }

    GpuResponse create(GpuCommand.CreateResource c) {
        if (resources.containsKey(c.id())) {
            return GpuResponse.ERR_INVALID_PARAMETER;
        }
        if (bytes + c.bytes() > MAX_RESOURCE_BYTES) {
            return GpuResponse.ERR_OUT_OF_MEMORY;
        }
        resources.put(c.id(), new Resource(c.width(), c.height(), c.format()));
        bytes += c.bytes();
        return GpuResponse.OK_NODATA;
    }

    GpuResponse unref(int id) {
        Resource r = resources.remove(id);
        if (r == null) {
            return GpuResponse.ERR_INVALID_RESOURCE;
        }
        bytes -= r.bytes();
        return GpuResponse.OK_NODATA;
    }

    GpuResponse attach(GpuCommand.AttachBacking a) {
        Resource r = resources.get(a.id());
        if (r == null) {
            return GpuResponse.ERR_INVALID_RESOURCE;
        }
        r.attach(a.entries());
        return GpuResponse.OK_NODATA;
    }

    GpuResponse detach(int id) {
        Resource r = resources.get(id);
        if (r == null) {
            return GpuResponse.ERR_INVALID_RESOURCE;
        }
        r.detach();
        return GpuResponse.OK_NODATA;
    }

    GpuResponse transfer(GpuCommand.TransferToHost t, GuestMemory memory) {
        Resource r = resources.get(t.id());
        if (r == null) {
            return GpuResponse.ERR_INVALID_RESOURCE;
        }
        return r.transfer(memory, t.x(), t.y(), t.width(), t.height(), t.offset())
                ? GpuResponse.OK_NODATA : GpuResponse.ERR_INVALID_PARAMETER;
    }

    /** The pointer shape an UPDATE_CURSOR names, or null when its resource cannot be one. */
    CursorImage cursor(GpuCommand.UpdateCursor u, GuestMemory memory) {
        Resource r = resources.get(u.id());
        return r == null ? null : r.cursorImage(memory, u.hotX(), u.hotY());
    }

    void clear() {
        resources.clear();
        bytes = 0;
    }
}
