package io.vireo.engine.devices.virtio;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.devices.virtio.gpu.VirtioGpu;
import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.testing.AllocationBound;
import io.vireo.engine.testing.RamGuard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target: virtio-gpu control and cursor commands (any type, resource ids, formats, sizes, rectangles,
 * backing entries and offsets). Every command is answered or the device asks for a reset, nothing is
 * thrown; the device allocates at most its resource budget plus one request; it writes guest RAM only in
 * response buffers; the rectangles it reports as damaged lie on the screen it reports.
 */
class VirtioGpuFuzzTest {
    private static final int GET_DISPLAY_INFO = 0x100, RESOURCE_CREATE_2D = 0x101, RESOURCE_UNREF = 0x102,
            SET_SCANOUT = 0x103, RESOURCE_FLUSH = 0x104, TRANSFER_TO_HOST_2D = 0x105, ATTACH_BACKING = 0x106,
            DETACH_BACKING = 0x107, GET_EDID = 0x10A, UPDATE_CURSOR = 0x300, MOVE_CURSOR = 0x301;
    private static final int[] COMMANDS = {GET_DISPLAY_INFO, RESOURCE_CREATE_2D, RESOURCE_UNREF, SET_SCANOUT,
            RESOURCE_FLUSH, TRANSFER_TO_HOST_2D, ATTACH_BACKING, DETACH_BACKING, GET_EDID};
    private static final int[] FORMATS = {1, 2, 3, 4, 67, 68, 121, 134};
    /** The device's budget for resource pixels (256 MiB) plus the largest request it copies (1 MiB) and slack. */
    private static final long ALLOCATION_BOUND = (256L << 20) + (16L << 20);

    @FuzzTest(maxDuration = "5m")
    void commands(FuzzedDataProvider data) throws Exception {
        TestDriver driver = new TestDriver(memory -> new VirtioGpu(memory, 640, 480));
        try {
            VirtioGpu gpu = (VirtioGpu) driver.transport.device();
            List<String> badReports = new ArrayList<>();
            gpu.addListener(new Framebuffer.Listener() {
                @Override
                public void damaged(int x, int y, int w, int h) {
                    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > gpu.width() || y + h > gpu.height()) {
                        badReports.add("damaged %d,%d %dx%d on a %dx%d screen".formatted(x, y, w, h, gpu.width(), gpu.height()));
                    }
                }

                @Override
                public void resized(int width, int height) {
                    if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
                        badReports.add("resized to " + width + "x" + height);
                    }
                }
            });
            driver.start(2);
            FuzzedChains chains = new FuzzedChains(driver, data);
            for (int i = data.consumeInt(0, 7); i > 0; i--) {
                byte[] request = control(data, chains);
                int response = data.consumeBoolean() ? 24 + 384 : data.consumeInt(0, 2048);
                chains.post(0, new TestDriver.Buffer(chains.bufferWith(request), request.length, false),
                        new TestDriver.Buffer(chains.buffer(response), response, true));
            }
            for (int i = data.consumeInt(0, 4); i > 0; i--) {
                byte[] request = cursor(data);
                chains.post(1, new TestDriver.Buffer(chains.bufferWith(request), request.length, false));
            }
            RamGuard guard = new RamGuard(driver.memory);
            AllocationBound.check(ALLOCATION_BOUND, () -> {
                chains.kick(0);
                chains.kick(1);
            });
            chains.allowWrites(guard, 2);
            guard.assertNoOtherWrites();
            if (!chains.needsReset()) {
                assertThat(driver.memory.readShort(TestDriver.used(0) + 2) & 0xFFFF).as("control commands answered")
                        .isEqualTo(chains.posted(0));
            }
            assertThat(badReports).isEmpty();
            gpu.copy(0, 0, Math.min(16, gpu.width()), Math.min(16, gpu.height()), new int[256]);
            gpu.cursor().ifPresent(c -> assertThat(c.width() * c.height()).isLessThanOrEqualTo(256 * 256));
        } finally {
            driver.close();
        }
    }

    private static byte[] control(FuzzedDataProvider data, FuzzedChains chains) {
        int type = data.consumeInt(0, 15) == 0 ? data.consumeInt() : data.pickValue(COMMANDS);
        int entries = type == ATTACH_BACKING ? data.consumeInt(0, 4) : 0;
        int length = switch (data.consumeInt(0, 7)) {
            case 0 -> data.consumeInt(0, 64);
            case 1 -> data.consumeInt(0, 1 << 21);
            default -> 64 + 16 * entries;
        };
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        put(b, 0, type);
        put(b, 4, data.consumeInt(0, 1));
        if (b.capacity() >= 16) {
            b.putLong(8, data.consumeLong());
        }
        switch (type) {
            case RESOURCE_CREATE_2D -> {
                put(b, 24, resourceId(data));
                put(b, 28, data.consumeInt(0, 7) == 0 ? data.consumeInt() : data.pickValue(FORMATS));
                put(b, 32, side(data));
                put(b, 36, side(data));
            }
            case SET_SCANOUT, RESOURCE_FLUSH, TRANSFER_TO_HOST_2D -> {
                for (int at = 24; at < 40; at += 4) {
                    put(b, at, data.consumeBoolean() ? data.consumeInt(0, 80) : data.consumeInt());
                }
                if (type == TRANSFER_TO_HOST_2D) {
                    if (b.capacity() >= 48) {
                        b.putLong(40, data.consumeBoolean() ? data.consumeLong(0, 1 << 16) : data.consumeLong());
                    }
                    put(b, 48, resourceId(data));
                } else {
                    put(b, 40, type == SET_SCANOUT && data.consumeBoolean() ? data.consumeInt() : 0);
                    put(b, type == SET_SCANOUT ? 44 : 40, resourceId(data));
                }
            }
            case ATTACH_BACKING -> {
                put(b, 24, resourceId(data));
                put(b, 28, data.consumeInt(0, 7) == 0 ? data.consumeInt() : entries);
                for (int i = 0; i < entries; i++) {
                    int size = data.consumeBoolean() ? data.consumeInt(0, 1 << 16) : data.consumeInt();
                    long address = data.consumeBoolean() ? chains.buffer(size) : data.consumeLong();
                    if (b.capacity() >= 40 + 16 * i) {
                        b.putLong(32 + 16 * i, address);
                    }
                    put(b, 40 + 16 * i, size);
                }
            }
            default -> put(b, 24, data.consumeBoolean() ? resourceId(data) : data.consumeInt());
        }
        return b.array();
    }

    private static byte[] cursor(FuzzedDataProvider data) {
        ByteBuffer b = ByteBuffer.allocate(data.consumeBoolean() ? 56 : data.consumeInt(0, 80)).order(ByteOrder.LITTLE_ENDIAN);
        put(b, 0, data.consumeBoolean() ? UPDATE_CURSOR : data.consumeBoolean() ? MOVE_CURSOR : data.consumeInt());
        put(b, 40, resourceId(data));
        put(b, 44, data.consumeInt(-1, 300));
        put(b, 48, data.consumeInt(-1, 300));
        return b.array();
    }

    private static int resourceId(FuzzedDataProvider data) {
        return data.consumeInt(0, 15) == 0 ? data.consumeInt() : data.consumeInt(0, 3);
    }

    private static int side(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> data.consumeInt();
            case 1 -> data.pickValue(new int[] {0, 16384, 16385, 8192});
            default -> data.consumeInt(1, 80);
        };
    }

    /** Writes a little-endian int where the request is long enough to hold it. */
    private static void put(ByteBuffer b, int at, int value) {
        if (b.capacity() >= at + 4) {
            b.putInt(at, value);
        }
    }
}
