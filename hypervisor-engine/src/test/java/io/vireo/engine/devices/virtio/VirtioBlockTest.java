package io.vireo.engine.devices.virtio;

import io.vireo.engine.devices.virtio.blk.VirtioBlock;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static io.vireo.engine.devices.virtio.TestDriver.RAM;
import static org.assertj.core.api.Assertions.assertThat;

class VirtioBlockTest {
    private static final long HEADER = RAM + 0x100000, DATA = RAM + 0x110000, STATUS = RAM + 0x120000;
    private static final int IN = 0, OUT = 1, FLUSH = 4, GET_ID = 8, DISCARD = 11, WRITE_ZEROES = 13;

    @TempDir
    Path dir;
    private DiskImage disk;
    private TestDriver driver;
    private int requests;

    private void open(boolean readOnly) throws Exception {
        Path image = dir.resolve("disk.qcow2");
        ChainOperations.create(image, ImageFormat.QCOW2, 1 << 20, Optional.empty());
        disk = DiskChain.open(image, Optional.of(ImageFormat.QCOW2), readOnly);
        driver = new TestDriver(memory -> new VirtioBlock(memory, disk, "serial-123"));
        driver.start(1);
    }

    @AfterEach
    void close() throws Exception {
        driver.close();
        disk.close();
    }

    /** Issues a request and returns its status byte. */
    private int request(int type, long sector, int dataLength, boolean dataWritable) throws Exception {
        ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(0).putLong(sector);
        driver.memory.write(HEADER, h.array(), 0, 16);
        driver.memory.writeByte(STATUS, (byte) 0x7F);
        if (dataLength > 0) {
            driver.post(0, new TestDriver.Buffer(HEADER, 16, false), new TestDriver.Buffer(DATA, dataLength, dataWritable),
                    new TestDriver.Buffer(STATUS, 1, true));
        } else {
            driver.post(0, new TestDriver.Buffer(HEADER, 16, false), new TestDriver.Buffer(STATUS, 1, true));
        }
        driver.awaitUsed(0, ++requests);
        return driver.memory.readByte(STATUS);
    }

    private void fill(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        driver.memory.write(DATA, b, 0, length);
    }

    private byte[] data(int length) {
        byte[] b = new byte[length];
        driver.memory.read(DATA, b, 0, length);
        return b;
    }

    @Test
    void writesReadBackAndFlushSucceeds() throws Exception {
        open(false);
        assertThat(driver.transport.read(0x100, 8)).as("capacity in sectors").isEqualTo(2048L);
        fill(1024, 0xAB);
        assertThat(request(OUT, 10, 1024, false)).isZero();
        fill(1024, 0);
        assertThat(request(IN, 10, 1024, true)).isZero();
        assertThat(data(1024)).containsOnly((byte) 0xAB);
        assertThat(driver.usedLength(0, 1)).as("bytes written to the driver: data + status").isEqualTo(1025);
        assertThat(request(FLUSH, 0, 0, false)).isZero();
    }

    @Test
    void getIdReportsTheSerial() throws Exception {
        open(false);
        assertThat(request(GET_ID, 0, 20, true)).isZero();
        assertThat(new String(data(10), StandardCharsets.US_ASCII)).isEqualTo("serial-123");
    }

    @Test
    void discardAndWriteZeroesMakeRangesReadAsZero() throws Exception {
        open(false);
        fill(4096, 0x55);
        request(OUT, 0, 4096, false);
        for (int type : new int[] {DISCARD, WRITE_ZEROES}) {
            ByteBuffer seg = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putInt(4).putInt(0);
            driver.memory.write(DATA, seg.array(), 0, 16);
            assertThat(request(type, 0, 16, false)).isZero();
            fill(4096, 1);
            request(IN, 0, 2048, true);
            assertThat(data(2048)).containsOnly((byte) 0);
            fill(4096, 0x55);
            request(OUT, 0, 4096, false);
        }
    }

    @Test
    void readOnlyDisksAdvertiseItAndRefuseWrites() throws Exception {
        open(true);
        assertThat(driver.deviceFeatures() & (1L << 5)).isNotZero();
        assertThat(request(OUT, 0, 512, false)).isEqualTo(1);
    }

    @Test
    void requestsPastTheEndOrUnknownFailWithAStatusNotAnException() throws Exception {
        open(false);
        assertThat(request(IN, 2048, 512, true)).as("past the end").isEqualTo(1);
        assertThat(request(IN, Long.MAX_VALUE / 256, 512, true)).isEqualTo(1);
        assertThat(request(99, 0, 0, false)).as("unsupported type").isEqualTo(2);
        assertThat(driver.reg(0x070) & TestDriver.NEEDS_RESET).isZero();
    }
}
