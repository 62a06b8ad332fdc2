package io.vireo.engine.devices.virtio;

import io.vireo.engine.devices.virtio.gpu.VirtioGpu;
import io.vireo.engine.display.Framebuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.vireo.engine.devices.virtio.TestDriver.RAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtioGpuTest {
    private static final long REQUEST = RAM + 0x100000, RESPONSE = RAM + 0x110000, BACKING = RAM + 0x200000;

    private final TestDriver driver = new TestDriver(memory -> new VirtioGpu(memory, 1024, 768));
    private final List<String> events = new ArrayList<>();
    private int requests;

    @AfterEach
    void close() {
        driver.close();
    }

    private VirtioGpu gpu() {
        return (VirtioGpu) driver.transport.device();
    }

    /** Sends a control command (24-byte header of {@code type} then {@code body}); returns the response. */
    private ByteBuffer command(int type, int responseSize, int... body) throws Exception {
        ByteBuffer req = ByteBuffer.allocate(24 + 4 * body.length).order(ByteOrder.LITTLE_ENDIAN).putInt(0, type);
        for (int i = 0; i < body.length; i++) {
            req.putInt(24 + 4 * i, body[i]);
        }
        driver.memory.write(REQUEST, req.array(), 0, req.capacity());
        driver.post(0, new TestDriver.Buffer(REQUEST, req.capacity(), false), new TestDriver.Buffer(RESPONSE, responseSize, true));
        driver.awaitUsed(0, ++requests);
        byte[] resp = new byte[responseSize];
        driver.memory.read(RESPONSE, resp, 0, responseSize);
        return ByteBuffer.wrap(resp).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void start() {
        driver.start(2);
        gpu().addListener(new Framebuffer.Listener() {
            public void damaged(int x, int y, int w, int h) {
                events.add("damaged " + x + "," + y + " " + w + "x" + h);
            }

            public void resized(int w, int h) {
                events.add("resized " + w + "x" + h);
            }

            public void cursorChanged() {
                events.add("cursor");
            }
        });
    }

    @Test
    void reportsTheDefaultModeAndAValidEdid() throws Exception {
        start();
        ByteBuffer info = command(0x100, 24 + 16 * 24);
        assertThat(info.getInt(0)).isEqualTo(0x1101);
        assertThat(info.getInt(24 + 8)).isEqualTo(1024);
        assertThat(info.getInt(24 + 12)).isEqualTo(768);
        assertThat(info.getInt(24 + 16)).as("enabled").isEqualTo(1);
        ByteBuffer edid = command(0x10A, 24 + 8 + 1024, 0, 0);
        assertThat(edid.getInt(0)).isEqualTo(0x1104);
        assertThat(edid.getInt(24)).isEqualTo(128);
        int sum = 0;
        for (int i = 0; i < 128; i++) {
            sum += edid.get(32 + i) & 0xFF;
        }
        assertThat(sum % 256).as("EDID checksum").isZero();
        assertThat(edid.get(32 + 1)).isEqualTo((byte) 0xFF);
    }

    @Test
    void transferredAndFlushedPixelsAppearOnTheScreen() throws Exception {
        start();
        assertThat(command(0x101, 24, 7, 2, 64, 32).getInt(0)).as("create B8G8R8X8 64x32").isEqualTo(0x1100);
        int[] attachBody = {7, 1, (int) BACKING, (int) (BACKING >>> 32), 64 * 32 * 4, 0};
        assertThat(command(0x106, 24, attachBody).getInt(0)).isEqualTo(0x1100);
        // Guest pixel at (3, 2) is blue-green-red bytes 0x11 0x22 0x33.
        driver.memory.writeInt(BACKING + (2 * 64 + 3) * 4, 0x00332211);
        assertThat(command(0x103, 24, 0, 0, 64, 32, 0, 7).getInt(0)).as("set scanout").isEqualTo(0x1100);
        assertThat(command(0x105, 24, 0, 0, 64, 32, 0, 0, 7, 0).getInt(0)).as("transfer").isEqualTo(0x1100);
        assertThat(command(0x104, 24, 0, 0, 16, 8, 7, 0).getInt(0)).as("flush").isEqualTo(0x1100);
        assertThat(events).containsExactly("resized 64x32", "damaged 0,0 16x8");
        int[] pixels = new int[64 * 32];
        gpu().copy(0, 0, 64, 32, pixels);
        assertThat(pixels[2 * 64 + 3]).isEqualTo(0x332211);
        assertThat(gpu().width()).isEqualTo(64);
    }

    @Test
    void aSavedGpuComesBackWithItsResourcesScanoutAndPixels() throws Exception {
        start();
        command(0x101, 24, 7, 2, 64, 32);
        command(0x106, 24, 7, 2, (int) BACKING, (int) (BACKING >>> 32), 4096, 0,
                (int) (BACKING + 0x2000), (int) ((BACKING + 0x2000) >>> 32), 64 * 32 * 4 - 4096, 0);
        for (int i = 0; i < 64 * 32; i++) {
            long at = i < 1024 ? BACKING + 4L * i : BACKING + 0x2000 + 4L * (i - 1024);
            driver.memory.writeInt(at, 0x00010203 * (i % 50));
        }
        command(0x103, 24, 0, 0, 64, 32, 0, 7);
        command(0x105, 24, 0, 0, 64, 32, 0, 0, 7, 0);
        command(0x104, 24, 0, 0, 64, 32, 7, 0);
        int[] before = new int[64 * 32];
        gpu().copy(0, 0, 64, 32, before);

        driver.transport.quiesce();
        VirtioMmioTransport.State saved = driver.transport.state();
        VirtioGpu resumed = new VirtioGpu(driver.memory, 1024, 768);
        new VirtioMmioTransport(driver.memory, level -> { }, resumed).restore(saved);
        assertThat(resumed.width()).isEqualTo(64);
        assertThat(resumed.height()).isEqualTo(32);
        int[] after = new int[64 * 32];
        resumed.copy(0, 0, 64, 32, after);
        assertThat(after).as("the screen the guest drew").isEqualTo(before);
        assertThat(before[1030]).isNotZero();
    }

    @Test
    void gpuStateNoGuestCouldHaveMadeIsRefused() throws Exception {
        start();
        command(0x101, 24, 7, 2, 64, 32);
        driver.transport.quiesce();
        long[] good = driver.transport.state().device();
        assertRefused(good, 3, 9, "GPU scanout of resource 9");
        assertRefused(good, 11, 99, "resource 7 has no pixel format");
        assertRefused(good, 12, 0, "GPU resource width 0 is not between 1 and 16384");
        assertRefused(good, 9, 2, "GPU state ends after 15 fields");
        assertRefused(Arrays.copyOf(good, good.length + 2), 14, 1, "resource 7's backing 0x0+0 is not guest RAM");
        assertRefused(Arrays.copyOf(good, good.length - 1), 0, 0, "GPU state ends after");
    }

    private void assertRefused(long[] good, int field, long value, String message) {
        long[] bad = good.clone();
        bad[field] = value;
        VirtioMmioTransport.State s = driver.transport.state();
        VirtioMmioTransport.State damaged = new VirtioMmioTransport.State(s.status(), s.deviceFeaturesSel(),
                s.driverFeaturesSel(), s.driverFeatures(), s.queueSel(), s.interruptStatus(), s.configGeneration(),
                s.queues(), bad);
        VirtioMmioTransport fresh = new VirtioMmioTransport(driver.memory, level -> { }, new VirtioGpu(driver.memory, 1024, 768));
        assertThatThrownBy(() -> fresh.restore(damaged))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void badCommandsGetErrorResponsesNotExceptions() throws Exception {
        start();
        assertThat(command(0x105, 24, 0, 0, 1, 1, 0, 0, 99, 0).getInt(0)).as("unknown resource").isEqualTo(0x1203);
        assertThat(command(0x101, 24, 8, 2, 16384, 16384).getInt(0)).as("larger than the cap").isEqualTo(0x1201);
        command(0x101, 24, 9, 2, 8, 8);
        assertThat(command(0x106, 24, 9, 1, 0x1000, 0, 256, 0).getInt(0)).as("backing outside RAM").isEqualTo(0x1205);
        assertThat(command(0x105, 24, 4, 4, 8, 8, 0, 0, 9, 0).getInt(0)).as("rectangle outside").isEqualTo(0x1205);
        assertThat(command(0x7777, 24).getInt(0)).isEqualTo(0x1200);
        assertThat(driver.reg(0x070) & TestDriver.NEEDS_RESET).isZero();
    }

    @Test
    void shortRequestsAndOtherScanoutsAreRefusedAndFencesAreEchoed() throws Exception {
        start();
        assertThat(command(0x101, 24, 7, 2, 64).getInt(0)).as("create without its height").isEqualTo(0x1200);
        assertThat(command(0x103, 24, 0, 0, 64, 32, 1, 0).getInt(0)).as("scanout 1").isEqualTo(0x1202);
        assertThat(command(0x10A, 24, 1, 0).getInt(0)).as("EDID of scanout 1").isEqualTo(0x1202);
        command(0x101, 24, 7, 2, 64, 32);
        assertThat(command(0x106, 24, 7, -1).getInt(0)).as("negative backing count").isEqualTo(0x1205);

        ByteBuffer fenced = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x100).putInt(4, 1)
                .putLong(8, 0x1234_5678_9ABCL);
        driver.memory.write(REQUEST, fenced.array(), 0, 24);
        driver.post(0, new TestDriver.Buffer(REQUEST, 24, false), new TestDriver.Buffer(RESPONSE, 24 + 16 * 24, true));
        driver.awaitUsed(0, ++requests);
        assertThat(driver.memory.readInt(RESPONSE + 4)).as("fence flag").isEqualTo(1);
        assertThat(driver.memory.readLong(RESPONSE + 8)).as("fence id").isEqualTo(0x1234_5678_9ABCL);
        assertThat(command(0x100, 24).getLong(8)).as("no fence asked, none given").isZero();
    }

    @Test
    void unreferencingTheShownResourceFallsBackToTheOfferedMode() throws Exception {
        start();
        command(0x101, 24, 7, 2, 64, 32);
        assertThat(command(0x103, 24, 0, 0, 64, 32, 0, 7).getInt(0)).isEqualTo(0x1100);
        assertThat(command(0x103, 24, 0, 0, 65, 32, 0, 7).getInt(0)).as("wider than the resource").isEqualTo(0x1205);
        assertThat(command(0x104, 24, 0, 0, 8, 8, 8, 0).getInt(0)).as("flush of an unknown resource").isEqualTo(0x1203);
        assertThat(gpu().width()).isEqualTo(64);
        assertThat(command(0x102, 24, 7).getInt(0)).isEqualTo(0x1100);
        assertThat(command(0x102, 24, 7).getInt(0)).as("already gone").isEqualTo(0x1203);
        assertThat(gpu().width()).isEqualTo(1024);
        assertThat(gpu().height()).isEqualTo(768);
    }

    @Test
    void aModeRequestFromTheHostRaisesADisplayEvent() throws Exception {
        start();
        gpu().requestMode(1280, 800);
        assertThat(driver.transport.read(0x100, 4) & 1).isEqualTo(1);
        assertThat(driver.reg(0x060) & 2).isEqualTo(2);
        assertThat(command(0x100, 24 + 16 * 24).getInt(24 + 8)).isEqualTo(1280);
    }

    @Test
    void theCursorQueueSetsThePointerShapeWithItsAlpha() throws Exception {
        start();
        command(0x101, 24, 5, 1, 4, 4);
        command(0x106, 24, 5, 1, (int) BACKING, (int) (BACKING >>> 32), 4 * 4 * 4, 0);
        driver.memory.writeInt(BACKING, 0xFFAABBCC);
        driver.memory.writeInt(BACKING + 4, 0x00112233);
        ByteBuffer update = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x300)
                .putInt(40, 5).putInt(44, 1).putInt(48, 2);
        driver.memory.write(REQUEST + 0x1000, update.array(), 0, 56);
        driver.post(1, new TestDriver.Buffer(REQUEST + 0x1000, 56, false));
        driver.awaitUsed(1, 1);
        assertThat(events).containsExactly("cursor");
        var cursor = gpu().cursor().orElseThrow();
        assertThat(cursor.width()).isEqualTo(4);
        assertThat(cursor.hotX()).isEqualTo(1);
        assertThat(cursor.hotY()).isEqualTo(2);
        assertThat(cursor.argb()[0]).as("B8G8R8A8: opaque 0xAABBCC").isEqualTo(0xFFAABBCC);
        assertThat(cursor.argb()[1] >>> 24).as("transparent").isZero();
    }
}
