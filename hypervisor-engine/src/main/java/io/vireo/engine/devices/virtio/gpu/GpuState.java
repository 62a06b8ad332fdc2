package io.vireo.engine.devices.virtio.gpu;

import io.vireo.engine.devices.virtio.DescriptorChain.Segment;
import io.vireo.engine.mmu.GuestMemory;

import java.util.ArrayList;
import java.util.List;

/**
 * The GPU's own state as a saved machine's fields: the offered mode, the pending display event, the scanout,
 * the cursor's resource and hotspot, and each resource's id, format, size and backing pages (guest-physical
 * ranges). Pixels are not saved: on restore each resource is transferred again from its backing, which holds
 * what the guest last drew. Restoring runs the same checks as the guest's commands.
 *
 * <p>Layout: events, preferred width, preferred height, scanout resource, scanout width, scanout height,
 * cursor resource, hotspot x, hotspot y, resource count, then per resource: id, format code, width,
 * height, backing entry count, then per entry: address, length.
 */
final class GpuState {
    private GpuState() {
    }

    /** What the device restores into. */
    record Parts(int events, int preferredWidth, int preferredHeight, GpuCommand.SetScanout scanout,
                 GpuCommand.UpdateCursor cursor, List<GpuCommand.CreateResource> resources, List<List<Segment>> backing) {
    }

    static long[] save(int events, Scanout scanout, GpuCommand.UpdateCursor cursor, ResourceTable resources) {
        List<Long> f = new ArrayList<>(List.of((long) events, (long) scanout.preferredWidth(),
                (long) scanout.preferredHeight(), (long) scanout.resourceId(), (long) scanout.width(),
                (long) scanout.height(), (long) (cursor == null ? 0 : cursor.id()),
                (long) (cursor == null ? 0 : cursor.hotX()), (long) (cursor == null ? 0 : cursor.hotY())));
        f.add((long) resources.ids().size());
        for (int id : resources.ids()) {
            Resource r = resources.get(id);
            f.addAll(List.of((long) id, (long) r.format().code, (long) r.width, (long) r.height,
                    (long) r.backing().size()));
            for (Segment s : r.backing()) {
                f.add(s.address());
                f.add((long) s.length());
            }
        }
        return f.stream().mapToLong(Long::longValue).toArray();
    }

    /** @throws IllegalArgumentException naming the field that no GPU could hold */
    static Parts read(long[] fields, GuestMemory memory) {
        Cursor in = new Cursor(fields);
        int events = in.next(0, 1, "display event");
        int preferredWidth = in.next(1, GpuCommand.MAX_SIDE, "offered width");
        int preferredHeight = in.next(1, GpuCommand.MAX_SIDE, "offered height");
        int scanoutId = in.next(0, Integer.MAX_VALUE, "scanout resource");
        int scanoutWidth = in.next(1, GpuCommand.MAX_SIDE, "scanout width");
        int scanoutHeight = in.next(1, GpuCommand.MAX_SIDE, "scanout height");
        int cursorId = in.next(0, Integer.MAX_VALUE, "cursor resource");
        int hotX = in.next(0, GpuCommand.MAX_SIDE, "cursor hotspot x");
        int hotY = in.next(0, GpuCommand.MAX_SIDE, "cursor hotspot y");
        int count = in.next(0, fields.length / 5, "resource count");
        List<GpuCommand.CreateResource> resources = new ArrayList<>();
        List<List<Segment>> backing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int id = in.next(1, Integer.MAX_VALUE, "resource id");
            PixelFormat format = PixelFormat.of(in.next(0, Integer.MAX_VALUE, "pixel format"));
            if (format == null) {
                throw new IllegalArgumentException("resource " + id + " has no pixel format this GPU knows");
            }
            int width = in.next(1, GpuCommand.MAX_SIDE, "resource width");
            int height = in.next(1, GpuCommand.MAX_SIDE, "resource height");
            int entries = in.next(0, GpuCommand.MAX_BACKING_ENTRIES, "backing entry count");
            List<Segment> pages = new ArrayList<>();
            for (int e = 0; e < entries; e++) {
                long address = in.next();
                int length = in.next(0, Integer.MAX_VALUE, "backing length");
                if (!memory.contains(address, length)) {
                    throw new IllegalArgumentException("resource %d's backing 0x%x+%d is not guest RAM"
                            .formatted(id, address, length));
                }
                pages.add(new Segment(address, length));
            }
            resources.add(new GpuCommand.CreateResource(id, format, width, height));
            backing.add(List.copyOf(pages));
        }
        in.end();
        return new Parts(events, preferredWidth, preferredHeight,
                new GpuCommand.SetScanout(scanoutId, 0, 0, scanoutWidth, scanoutHeight),
                cursorId == 0 ? null : new GpuCommand.UpdateCursor(cursorId, hotX, hotY), resources, backing);
    }

    /** Reads fields in order, each checked against its range. */
    private static final class Cursor {
        private final long[] fields;
        private int at;

        Cursor(long[] fields) {
            this.fields = fields;
        }

        long next() {
            if (at == fields.length) {
                throw new IllegalArgumentException("GPU state ends after " + at + " fields");
            }
            return fields[at++];
        }

        int next(int min, int max, String what) {
            long v = next();
            if (v < min || v > max) {
                throw new IllegalArgumentException("GPU " + what + " " + v + " is not between " + min + " and " + max);
            }
            return (int) v;
        }

        void end() {
            if (at != fields.length) {
                throw new IllegalArgumentException((fields.length - at) + " GPU state fields left over");
            }
        }
    }
}
