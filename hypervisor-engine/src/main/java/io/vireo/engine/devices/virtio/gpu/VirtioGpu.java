package io.vireo.engine.devices.virtio.gpu;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.devices.virtio.VirtQueue;
import io.vireo.engine.devices.virtio.VirtioDevice;
import io.vireo.engine.display.CursorImage;
import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.mmu.GuestMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * virtio-gpu in 2D mode (virtio 1.x §5.7): the guest creates resources, backs them with its pages,
 * transfers rectangles into them and flushes; scanout 0 is this engine's screen ({@link Framebuffer}).
 * This class is the device: its queues, configuration and the command loop. Requests are parsed by
 * {@link GpuCommand} and run against the {@link ResourceTable} and the {@link Scanout}; a bad field gets
 * an error response, never an exception. One lock, this object's, guards all of it, and is the
 * framebuffer's {@link #lock()}.
 */
public final class VirtioGpu implements VirtioDevice, Framebuffer {
    private static final long F_EDID = 1L << 1;
    private static final int EVENT_DISPLAY = 1;
    /** Requests up to this size are read into a buffer kept for the next one: all but long backing lists. */
    private static final int KEPT_REQUEST_BUFFER = 4096;

    private final GuestMemory memory;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ResourceTable resources = new ResourceTable();
    private final Scanout scanout;
    // Guarded by this, like everything the commands touch.
    private final ByteBuffer request = ByteBuffer.allocate(KEPT_REQUEST_BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer cursorRequest = ByteBuffer.allocate(GpuCommand.CURSOR_REQUEST).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer response = ByteBuffer.allocate(GpuCommand.HEADER).order(ByteOrder.LITTLE_ENDIAN);
    private int eventsRead;
    private CursorImage cursor;
    /** The UPDATE_CURSOR that made {@link #cursor}, kept so a saved machine can rebuild it. */
    private GpuCommand.UpdateCursor cursorUpdate;
    private volatile VirtQueue[] queues;
    private volatile DeviceHost host;

    public VirtioGpu(GuestMemory memory, int width, int height) {
        this.memory = memory;
        this.scanout = new Scanout(resources, listeners, width, height);
    }

    @Override
    public int deviceId() {
        return 16;
    }

    @Override
    public long features() {
        return F_EDID;
    }

    @Override
    public int queueCount() {
        return 2;
    }

    @Override
    public synchronized long readConfig(int offset, int width) {
        return switch (offset) {
            case 0 -> eventsRead;
            case 8 -> 1;
            default -> 0;
        };
    }

    @Override
    public synchronized void writeConfig(int offset, int width, long value) {
        if (offset == 4) {
            eventsRead &= ~(int) value;
        }
    }

    /** Offers the guest another display mode (a viewer resized its window); the guest decides to switch. */
    @Override
    public boolean requestMode(int width, int height) {
        if (width < 320 || height < 200 || width > GpuCommand.MAX_SIDE || height > GpuCommand.MAX_SIDE) {
            return false;
        }
        synchronized (this) {
            scanout.prefer(width, height);
            eventsRead |= EVENT_DISPLAY;
        }
        DeviceHost h = host;
        if (h != null) {
            h.configChanged();
        }
        return true;
    }

    @Override
    public void activate(VirtQueue[] queues, DeviceHost host) {
        this.queues = queues;
        this.host = host;
    }

    @Override
    public void queueNotify(int index) {
        VirtQueue[] q = queues;
        if (q == null) {
            return;
        }
        q[index].serveAll(host, chain -> {
            if (index == 0) {
                return control(chain);
            }
            cursorCommand(chain);
            return 0;
        });
    }

    @Override
    public synchronized void reset() {
        queues = null;
        resources.clear();
        scanout.reset();
        cursor = null;
        cursorUpdate = null;
    }

    /** Fields: see {@link GpuState}. */
    @Override
    public synchronized long[] quiesce() {
        long[] fields = GpuState.save(eventsRead, scanout, cursorUpdate, resources);
        reset();
        return fields;
    }

    /**
     * Rebuilds the resources, their pixels (transferred again from their backing pages), the scanout and the
     * cursor; each step must be accepted as the guest's command would have been.
     */
    @Override
    public synchronized void restoreState(long[] fields, VirtQueue[] queues) {
        GpuState.Parts parts = GpuState.read(fields, memory);
        for (int i = 0; i < parts.resources().size(); i++) {
            GpuCommand.CreateResource c = parts.resources().get(i);
            if (resources.create(c) != GpuResponse.OK_NODATA) {
                throw new IllegalArgumentException("GPU resource " + c.id() + " is a duplicate or over the memory cap");
            }
            resources.attach(new GpuCommand.AttachBacking(c.id(), parts.backing().get(i)));
            resources.get(c.id()).transfer(memory, 0, 0, c.width(), c.height(), 0);
        }
        if (parts.scanout().id() != 0 && scanout.set(parts.scanout()) != GpuResponse.OK_NODATA) {
            throw new IllegalArgumentException("GPU scanout of resource " + parts.scanout().id() + " at "
                    + parts.scanout().width() + "x" + parts.scanout().height() + " does not fit a resource");
        }
        scanout.prefer(parts.preferredWidth(), parts.preferredHeight());
        eventsRead = parts.events();
        if (parts.cursor() != null) {
            cursorUpdate = parts.cursor();
            cursor = resources.cursor(cursorUpdate, memory);
        }
    }

    // ---- control queue ----

    /** Runs one control request; returns the bytes of response written. */
    private synchronized int control(DescriptorChain chain) {
        long length = chain.readableLength();
        if (!GpuCommand.framed(length)) {
            return respond(chain, null, GpuResponse.ERR_UNSPEC);
        }
        ByteBuffer req = length <= request.capacity() ? request.clear().limit((int) length)
                : ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        chain.read(memory, 0, req.array());
        try {
            return switch (GpuCommand.parse(req, memory)) {
                case GpuCommand.GetDisplayInfo _ -> respond(chain, req, GpuResponse.OK_DISPLAY_INFO, displayInfo());
                case GpuCommand.GetEdid _ -> respond(chain, req, GpuResponse.OK_EDID, edid());
                case GpuCommand.CreateResource c -> respond(chain, req, resources.create(c));
                case GpuCommand.Unref u -> {
                    GpuResponse r = resources.unref(u.id());
                    if (r == GpuResponse.OK_NODATA) {
                        scanout.forget(u.id());
                    }
                    yield respond(chain, req, r);
                }
                case GpuCommand.AttachBacking a -> respond(chain, req, resources.attach(a));
                case GpuCommand.DetachBacking d -> respond(chain, req, resources.detach(d.id()));
                case GpuCommand.SetScanout s -> respond(chain, req, scanout.set(s));
                case GpuCommand.TransferToHost t -> respond(chain, req, resources.transfer(t, memory));
                case GpuCommand.Flush f -> respond(chain, req, scanout.flush(f));
            };
        } catch (GpuCommand.Refused e) {
            return respond(chain, req, e.response);
        }
    }

    private byte[] displayInfo() {
        ByteBuffer modes = ByteBuffer.allocate(16 * 24).order(ByteOrder.LITTLE_ENDIAN);
        modes.putInt(8, scanout.preferredWidth()).putInt(12, scanout.preferredHeight()).putInt(16, 1);
        return modes.array();
    }

    private byte[] edid() {
        ByteBuffer body = ByteBuffer.allocate(8 + 1024).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(0, 128);
        body.put(8, Edid.forMode(scanout.preferredWidth(), scanout.preferredHeight()));
        return body.array();
    }

    /** Writes a response header, echoing the request's fence if it asked for one; returns bytes written. */
    private int respond(DescriptorChain chain, ByteBuffer req, GpuResponse type) {
        return chain.write(memory, 0, header(response, req, type).array(), GpuCommand.HEADER);
    }

    private int respond(DescriptorChain chain, ByteBuffer req, GpuResponse type, byte[] body) {
        ByteBuffer r = ByteBuffer.allocate(GpuCommand.HEADER + body.length).order(ByteOrder.LITTLE_ENDIAN);
        header(r, req, type).put(GpuCommand.HEADER, body);
        return chain.write(memory, 0, r.array(), r.capacity());
    }

    private static ByteBuffer header(ByteBuffer r, ByteBuffer req, GpuResponse type) {
        r.putInt(0, type.code).putInt(4, 0).putLong(8, 0).putLong(16, 0);
        if (req != null && (req.getInt(4) & 1) != 0) {
            r.putInt(4, 1).putLong(8, req.getLong(8));
        }
        return r;
    }

    // ---- cursor queue: no responses to write ----

    private void cursorCommand(DescriptorChain chain) {
        Optional<GpuCommand.UpdateCursor> update;
        synchronized (this) {
            chain.read(memory, 0, cursorRequest.array());
            update = GpuCommand.parseCursor(cursorRequest, chain.readableLength());
            if (update.isEmpty()) {
                return;
            }
            cursor = resources.cursor(update.get(), memory);
            cursorUpdate = update.get();
        }
        listeners.forEach(Listener::cursorChanged);
    }

    @Override
    public synchronized Optional<CursorImage> cursor() {
        return Optional.ofNullable(cursor);
    }

    // ---- Framebuffer: scanout 0 ----

    @Override
    public synchronized int width() {
        return scanout.width();
    }

    @Override
    public synchronized int height() {
        return scanout.height();
    }

    @Override
    public synchronized void copy(int x, int y, int w, int h, int[] dst) {
        scanout.copy(x, y, w, h, dst);
    }

    @Override
    public Object lock() {
        return this;
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
