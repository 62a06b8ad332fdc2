package io.vireo.engine.devices.virtio.gpu;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.devices.virtio.VirtQueue;
import io.vireo.engine.devices.virtio.VirtioDevice;
import io.vireo.engine.devices.virtio.VirtqueueException;
import io.vireo.engine.display.CursorImage;
import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.mmu.GuestMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * virtio-gpu in 2D mode (virtio 1.x §5.7): the guest creates resources, backs them with its pages,
 * transfers rectangles into them and flushes; scanout 0 is this engine's screen ({@link Framebuffer}).
 * Every command field is checked; a bad one gets an error response, never an exception.
 */
public final class VirtioGpu implements VirtioDevice, Framebuffer {
    private static final long F_EDID = 1L << 1;
    private static final int GET_DISPLAY_INFO = 0x100, RESOURCE_CREATE_2D = 0x101, RESOURCE_UNREF = 0x102,
            SET_SCANOUT = 0x103, RESOURCE_FLUSH = 0x104, TRANSFER_TO_HOST_2D = 0x105, ATTACH_BACKING = 0x106,
            DETACH_BACKING = 0x107, GET_EDID = 0x10A, UPDATE_CURSOR = 0x300;
    private static final int OK_NODATA = 0x1100, OK_DISPLAY_INFO = 0x1101, OK_EDID = 0x1104, ERR_UNSPEC = 0x1200,
            ERR_OUT_OF_MEMORY = 0x1201, ERR_INVALID_SCANOUT = 0x1202, ERR_INVALID_RESOURCE = 0x1203,
            ERR_INVALID_PARAMETER = 0x1205;
    private static final int HEADER = 24, MAX_SIDE = 16384, MAX_REQUEST = 1 << 20, MAX_ENTRIES = 1 << 16;
    private static final int CURSOR_REQUEST = 56, MAX_CURSOR_SIDE = 256;
    private static final long MAX_RESOURCE_BYTES = 256L << 20;

    private static final class Resource {
        final int width, height;
        final PixelFormat format;
        final int[] pixels;
        List<DescriptorChain.Segment> backing = List.of();

        Resource(int width, int height, PixelFormat format) {
            this.width = width;
            this.height = height;
            this.format = format;
            this.pixels = new int[width * height];
        }
    }

    private final GuestMemory memory;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Integer, Resource> resources = new HashMap<>();
    private long resourceBytes;
    private int preferredWidth, preferredHeight;
    private int scanoutResource;
    private int scanoutWidth, scanoutHeight;
    private int eventsRead;
    private CursorImage cursor;
    private volatile VirtQueue[] queues;
    private volatile DeviceHost host;

    public VirtioGpu(GuestMemory memory, int width, int height) {
        this.memory = memory;
        this.preferredWidth = width;
        this.preferredHeight = height;
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
        if (width < 320 || height < 200 || width > MAX_SIDE || height > MAX_SIDE) {
            return false;
        }
        synchronized (this) {
            preferredWidth = width;
            preferredHeight = height;
            eventsRead |= 1;
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
        try {
            Optional<DescriptorChain> next;
            while ((next = q[index].next()).isPresent()) {
                DescriptorChain chain = next.get();
                int written = 0;
                if (index == 0) {
                    written = control(chain);
                } else {
                    cursorCommand(chain);
                }
                if (q[index].complete(chain, written)) {
                    host.usedBuffers(q[index]);
                }
            }
        } catch (VirtqueueException e) {
            host.needsReset(e.getMessage());
        }
    }

    @Override
    public synchronized void reset() {
        queues = null;
        resources.clear();
        resourceBytes = 0;
        scanoutResource = 0;
        cursor = null;
    }

    // ---- control queue ----

    private int control(DescriptorChain chain) {
        long length = chain.readableLength();
        if (length < HEADER || length > MAX_REQUEST) {
            return respond(chain, null, ERR_UNSPEC);
        }
        byte[] raw = new byte[(int) length];
        chain.read(memory, 0, raw);
        ByteBuffer req = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int type = req.getInt(0);
        synchronized (this) {
            return switch (type) {
                case GET_DISPLAY_INFO -> displayInfo(chain, req);
                case GET_EDID -> edid(chain, req);
                case RESOURCE_CREATE_2D -> respond(chain, req, length >= 40 ? create(req) : ERR_UNSPEC);
                case RESOURCE_UNREF -> respond(chain, req, length >= 28 ? unref(req.getInt(24)) : ERR_UNSPEC);
                case ATTACH_BACKING -> respond(chain, req, length >= 32 ? attach(req, length) : ERR_UNSPEC);
                case DETACH_BACKING -> respond(chain, req, length >= 28 ? detach(req.getInt(24)) : ERR_UNSPEC);
                case SET_SCANOUT -> respond(chain, req, length >= 48 ? setScanout(req) : ERR_UNSPEC);
                case TRANSFER_TO_HOST_2D -> respond(chain, req, length >= 56 ? transfer(req) : ERR_UNSPEC);
                case RESOURCE_FLUSH -> respond(chain, req, length >= 48 ? flush(req) : ERR_UNSPEC);
                default -> respond(chain, req, ERR_UNSPEC);
            };
        }
    }

    /** Writes a response header (copying the fence) plus {@code body}; returns bytes written. */
    private int respond(DescriptorChain chain, ByteBuffer req, int type, byte... body) {
        ByteBuffer r = ByteBuffer.allocate(HEADER + body.length).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt(0, type);
        if (req != null && (req.getInt(4) & 1) != 0) {
            r.putInt(4, 1);
            r.putLong(8, req.getLong(8));
        }
        r.put(HEADER, body);
        return chain.write(memory, 0, r.array(), r.capacity());
    }

    private int displayInfo(DescriptorChain chain, ByteBuffer req) {
        ByteBuffer modes = ByteBuffer.allocate(16 * 24).order(ByteOrder.LITTLE_ENDIAN);
        modes.putInt(8, preferredWidth).putInt(12, preferredHeight).putInt(16, 1);
        return respond(chain, req, OK_DISPLAY_INFO, modes.array());
    }

    private int edid(DescriptorChain chain, ByteBuffer req) {
        if (req.capacity() >= 28 && req.getInt(24) != 0) {
            return respond(chain, req, ERR_INVALID_SCANOUT);
        }
        ByteBuffer body = ByteBuffer.allocate(8 + 1024).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(0, 128);
        body.put(8, Edid.forMode(preferredWidth, preferredHeight));
        return respond(chain, req, OK_EDID, body.array());
    }

    private int create(ByteBuffer req) {
        int id = req.getInt(24), format = req.getInt(28), width = req.getInt(32), height = req.getInt(36);
        PixelFormat f = PixelFormat.of(format);
        if (id == 0 || resources.containsKey(id) || f == null || width <= 0 || height <= 0
                || width > MAX_SIDE || height > MAX_SIDE) {
            return ERR_INVALID_PARAMETER;
        }
        long bytes = 4L * width * height;
        if (resourceBytes + bytes > MAX_RESOURCE_BYTES) {
            return ERR_OUT_OF_MEMORY;
        }
        resources.put(id, new Resource(width, height, f));
        resourceBytes += bytes;
        return OK_NODATA;
    }

    private int unref(int id) {
        Resource r = resources.remove(id);
        if (r == null) {
            return ERR_INVALID_RESOURCE;
        }
        resourceBytes -= 4L * r.width * r.height;
        if (scanoutResource == id) {
            scanoutResource = 0;
        }
        return OK_NODATA;
    }

    private int attach(ByteBuffer req, long length) {
        Resource r = resources.get(req.getInt(24));
        int count = req.getInt(28);
        if (r == null) {
            return ERR_INVALID_RESOURCE;
        }
        if (count < 0 || count > MAX_ENTRIES || 32L + 16L * count > length) {
            return ERR_INVALID_PARAMETER;
        }
        DescriptorChain.Segment[] entries = new DescriptorChain.Segment[count];
        for (int i = 0; i < count; i++) {
            long address = req.getLong(32 + 16 * i);
            int len = req.getInt(40 + 16 * i);
            if (len < 0 || !memory.contains(address, len)) {
                return ERR_INVALID_PARAMETER;
            }
            entries[i] = new DescriptorChain.Segment(address, len);
        }
        r.backing = List.of(entries);
        return OK_NODATA;
    }

    private int detach(int id) {
        Resource r = resources.get(id);
        if (r == null) {
            return ERR_INVALID_RESOURCE;
        }
        r.backing = List.of();
        return OK_NODATA;
    }

    private static boolean inside(Resource r, int x, int y, int w, int h) {
        return x >= 0 && y >= 0 && w >= 0 && h >= 0 && x <= r.width - w && y <= r.height - h;
    }

    private int setScanout(ByteBuffer req) {
        int x = req.getInt(24), y = req.getInt(28), w = req.getInt(32), h = req.getInt(36);
        int scanout = req.getInt(40), id = req.getInt(44);
        if (scanout != 0) {
            return ERR_INVALID_SCANOUT;
        }
        if (id == 0) {
            scanoutResource = 0;
            return OK_NODATA;
        }
        Resource r = resources.get(id);
        if (r == null) {
            return ERR_INVALID_RESOURCE;
        }
        if (!inside(r, x, y, w, h) || x != 0 || y != 0) {
            return ERR_INVALID_PARAMETER;
        }
        boolean resized = w != width() || h != height();
        scanoutResource = id;
        scanoutWidth = w;
        scanoutHeight = h;
        if (resized) {
            listeners.forEach(l -> l.resized(w, h));
        }
        return OK_NODATA;
    }

    private int transfer(ByteBuffer req) {
        int x = req.getInt(24), y = req.getInt(28), w = req.getInt(32), h = req.getInt(36);
        long offset = req.getLong(40);
        Resource r = resources.get(req.getInt(48));
        if (r == null) {
            return ERR_INVALID_RESOURCE;
        }
        if (!inside(r, x, y, w, h) || offset < 0) {
            return ERR_INVALID_PARAMETER;
        }
        long stride = 4L * r.width;
        long backingSize = r.backing.stream().mapToLong(DescriptorChain.Segment::length).sum();
        if (h > 0 && offset + stride * (h - 1) + 4L * w > backingSize) {
            return ERR_INVALID_PARAMETER;
        }
        byte[] row = new byte[4 * w];
        ByteBuffer rowView = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < h; j++) {
            DescriptorChain.gather(memory, r.backing, offset + stride * j, row);
            int base = (y + j) * r.width + x;
            for (int i = 0; i < w; i++) {
                r.pixels[base + i] = r.format.toRgb(rowView.getInt(4 * i));
            }
        }
        return OK_NODATA;
    }

    private int flush(ByteBuffer req) {
        int x = req.getInt(24), y = req.getInt(28), w = req.getInt(32), h = req.getInt(36);
        int id = req.getInt(40);
        Resource r = resources.get(id);
        if (r == null) {
            return ERR_INVALID_RESOURCE;
        }
        if (!inside(r, x, y, w, h)) {
            return ERR_INVALID_PARAMETER;
        }
        if (id == scanoutResource) {
            int cw = Math.min(w, scanoutWidth - x), ch = Math.min(h, scanoutHeight - y);
            if (cw > 0 && ch > 0) {
                listeners.forEach(l -> l.damaged(x, y, cw, ch));
            }
        }
        return OK_NODATA;
    }

    // ---- cursor queue ----

    /**
     * UPDATE_CURSOR names a resource the guest drew the pointer into; its pixels are read from the
     * backing with their alpha, which the scanout's copy drops. MOVE_CURSOR needs nothing: a viewer
     * draws the pointer where its own mouse is. The cursor queue has no responses to write.
     */
    private void cursorCommand(DescriptorChain chain) {
        if (chain.readableLength() < CURSOR_REQUEST) {
            return;
        }
        byte[] raw = new byte[CURSOR_REQUEST];
        chain.read(memory, 0, raw);
        ByteBuffer req = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (req.getInt(0) != UPDATE_CURSOR) {
            return;
        }
        synchronized (this) {
            cursor = cursorImage(req.getInt(40), req.getInt(44), req.getInt(48));
        }
        listeners.forEach(Listener::cursorChanged);
    }

    private CursorImage cursorImage(int id, int hotX, int hotY) {
        Resource r = resources.get(id);
        if (r == null || r.width > MAX_CURSOR_SIDE || r.height > MAX_CURSOR_SIDE || hotX < 0 || hotY < 0
                || hotX >= r.width || hotY >= r.height
                || r.backing.stream().mapToLong(DescriptorChain.Segment::length).sum() < 4L * r.width * r.height) {
            return null;
        }
        byte[] bytes = new byte[4 * r.width * r.height];
        DescriptorChain.gather(memory, r.backing, 0, bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] argb = new int[r.width * r.height];
        for (int i = 0; i < argb.length; i++) {
            int v = b.getInt(4 * i);
            argb[i] = r.format.alpha(v) << 24 | r.format.toRgb(v);
        }
        return new CursorImage(r.width, r.height, hotX, hotY, argb);
    }

    @Override
    public synchronized Optional<CursorImage> cursor() {
        return Optional.ofNullable(cursor);
    }

    // ---- Framebuffer: scanout 0 ----

    @Override
    public synchronized int width() {
        return scanoutResource != 0 ? scanoutWidth : preferredWidth;
    }

    @Override
    public synchronized int height() {
        return scanoutResource != 0 ? scanoutHeight : preferredHeight;
    }

    @Override
    public synchronized void copy(int x, int y, int w, int h, int[] dst) {
        Resource r = scanoutResource != 0 ? resources.get(scanoutResource) : null;
        for (int j = 0; j < h; j++) {
            if (r == null || y + j >= r.height || x + w > r.width) {
                java.util.Arrays.fill(dst, j * w, (j + 1) * w, 0);
            } else {
                System.arraycopy(r.pixels, (y + j) * r.width + x, dst, j * w, w);
            }
        }
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
