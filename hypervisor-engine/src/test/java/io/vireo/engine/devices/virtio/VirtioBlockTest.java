package io.vireo.engine.devices.virtio;

import io.vireo.engine.devices.virtio.blk.VirtioBlock;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import io.vireo.engine.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.vireo.engine.devices.virtio.TestDriver.RAM;
import static org.assertj.core.api.Assertions.assertThat;

class VirtioBlockTest {
    private static final long HEADER = RAM + 0x100000, DATA = RAM + 0x110000, STATUS = RAM + 0x120000;
    private static final int IN = 0, OUT = 1, FLUSH = 4, GET_ID = 8, DISCARD = 11, WRITE_ZEROES = 13;
    private static final int OK = 0, IOERR = 1, UNSUPP = 2;

    @TempDir
    Path dir;
    private DiskImage disk;
    private VirtioBlock block;
    private TestDriver driver;
    private int requests;

    private void open(boolean readOnly) throws Exception {
        Path image = dir.resolve("disk.qcow2");
        ChainOperations.create(image, ImageFormat.QCOW2, 1 << 20, Optional.empty());
        disk = DiskChain.open(image, Optional.of(ImageFormat.QCOW2), readOnly);
        driver = new TestDriver(memory -> block = new VirtioBlock(memory, disk, "serial-123"));
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
            writeRanges(range(0, 4, 0));
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
        assertThat(request(OUT, 0, 512, false)).isEqualTo(IOERR);
        writeRanges(range(0, 4, 0));
        assertThat(request(DISCARD, 0, 16, false)).as("discard").isEqualTo(IOERR);
        assertThat(request(WRITE_ZEROES, 0, 16, false)).as("write zeroes").isEqualTo(IOERR);
        assertThat(request(IN, 0, 512, true)).as("reads still work").isEqualTo(OK);
        assertThat(request(FLUSH, 0, 0, false)).as("and so does a flush").isEqualTo(OK);
    }

    @Test
    void requestsPastTheEndOrUnknownFailWithAStatusNotAnException() throws Exception {
        open(false);
        assertThat(request(IN, 2048, 512, true)).as("past the end").isEqualTo(IOERR);
        assertThat(request(IN, 2047, 1024, true)).as("across the end").isEqualTo(IOERR);
        assertThat(request(IN, Long.MAX_VALUE / 256, 512, true)).isEqualTo(IOERR);
        assertThat(request(IN, -1, 512, true)).as("negative sector").isEqualTo(IOERR);
        fill(1024, 0x66);
        assertThat(request(OUT, 2047, 1024, false)).as("a write across the end").isEqualTo(IOERR);
        assertThat(request(99, 0, 0, false)).as("unsupported type").isEqualTo(UNSUPP);
        assertThat(request(IN, 2047, 512, true)).as("the last sector itself").isEqualTo(OK);
        assertThat(data(512)).as("untouched by the refused write").containsOnly((byte) 0);
        assertThat(driver.reg(0x070) & TestDriver.NEEDS_RESET).isZero();
    }

    @Test
    void dataThatIsNotWholeSectorsIsRefused() throws Exception {
        open(false);
        assertThat(request(IN, 0, 100, true)).as("read of 100 bytes").isEqualTo(IOERR);
        fill(513, 0x77);
        assertThat(request(OUT, 0, 513, false)).as("write of 513 bytes").isEqualTo(IOERR);
        assertThat(request(IN, 0, 512, true)).isEqualTo(OK);
        assertThat(data(512)).as("nothing of the refused write landed").containsOnly((byte) 0);
    }

    @Test
    void aChainWithoutARequestHeaderGetsAnErrorStatus() throws Exception {
        open(false);
        driver.memory.writeByte(STATUS, (byte) 0x7F);
        driver.post(0, new TestDriver.Buffer(HEADER, 8, false), new TestDriver.Buffer(STATUS, 1, true));
        driver.awaitUsed(0, ++requests);
        assertThat(driver.memory.readByte(STATUS)).isEqualTo((byte) IOERR);
        assertThat(driver.usedLength(0, 0)).as("only the status byte").isEqualTo(1);
    }

    @Test
    void oversizedOrMalformedRangeListsAreRefusedWhole() throws Exception {
        open(false);
        fill(4096, 0x55);
        request(OUT, 0, 4096, false);
        writeRanges(range(0, 1, 0));
        assertThat(request(DISCARD, 0, 8, false)).as("half a range").isEqualTo(UNSUPP);
        ByteBuffer many = ByteBuffer.allocate(16 * 65).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 65; i++) {
            many.put(range(i, 1, 0));
        }
        driver.memory.write(DATA, many.array(), 0, many.capacity());
        assertThat(request(DISCARD, 0, many.capacity(), false)).as("65 ranges").isEqualTo(UNSUPP);
        writeRanges(range(0, (1 << 22) + 1, 0));
        assertThat(request(WRITE_ZEROES, 0, 16, false)).as("more sectors than the limit").isEqualTo(IOERR);
        writeRanges(range(0, 1, 0), range(2047, 2, 0));
        assertThat(request(WRITE_ZEROES, 0, 32, false)).as("second range past the end").isEqualTo(IOERR);
        writeRanges(range(0, 1, 1));
        assertThat(request(DISCARD, 0, 16, false)).as("unmap flag on a discard").isEqualTo(UNSUPP);
        writeRanges(range(0, 1, 2));
        assertThat(request(WRITE_ZEROES, 0, 16, false)).as("unknown flag").isEqualTo(UNSUPP);
        assertThat(request(IN, 0, 4096, true)).isEqualTo(OK);
        assertThat(data(4096)).as("no range of a refused list was applied").containsOnly((byte) 0x55);
        writeRanges(range(0, 1, 1));
        assertThat(request(WRITE_ZEROES, 0, 16, false)).as("unmap is allowed on write zeroes").isEqualTo(OK);
    }

    @Test
    void writesRacingADiskReplacementAllSucceedAndLandWhollyOnTheOldDiskOrWhollyOnTheNew() throws Exception {
        open(false);
        Path base = disk.path(), top = dir.resolve("top.qcow2");
        int blocks = 200, blockBytes = 4096;
        AtomicInteger failures = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < blocks; i++) {
                    fill(blockBytes, i + 1);
                    if (request(OUT, i * (blockBytes / 512L), blockBytes, false) != OK) {
                        failures.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        });
        Await.until(() -> driver.usedCount(0) >= 50, Duration.ofSeconds(10), () -> "the writer did not get going");
        AtomicInteger doneAtSwap = new AtomicInteger();
        block.replaceDisk(detached -> {
            doneAtSwap.set(driver.usedCount(0));
            detached.flush();
            detached.close();
            ChainOperations.createOverlay(base, top);
            disk = DiskChain.open(top, Optional.of(ImageFormat.QCOW2), false);
            return disk;
        });
        writer.join(Duration.ofSeconds(30));
        assertThat(failures.get()).as("requests that failed around the swap").isZero();

        int onOldDisk = 0;
        try (DiskImage frozen = DiskChain.open(base, true)) {
            for (int i = 0; i < blocks; i++) {
                byte[] content = read(frozen, (long) i * blockBytes, blockBytes);
                if (i == onOldDisk && Arrays.equals(content, filled(blockBytes, i + 1))) {
                    onOldDisk++;
                } else {
                    assertThat(content).as("block %d, after the %d written before the swap", i, onOldDisk)
                            .containsOnly((byte) 0);
                }
            }
        }
        assertThat(onOldDisk).as("writes finished before the swap are on the old disk; at most the one in flight more")
                .isBetween(doneAtSwap.get(), doneAtSwap.get() + 1);
        for (int i = 0; i < blocks; i++) {
            assertThat(read(disk, (long) i * blockBytes, blockBytes)).as("block %d through the new top", i)
                    .isEqualTo(filled(blockBytes, i + 1));
        }
    }

    private static byte[] read(DiskImage image, long offset, int length) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(length);
        image.read(offset, b);
        return b.array();
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] range(long sector, int sectors, int flags) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(sector).putInt(sectors).putInt(flags).array();
    }

    private void writeRanges(byte[]... ranges) {
        for (int i = 0; i < ranges.length; i++) {
            driver.memory.write(DATA + 16L * i, ranges[i], 0, 16);
        }
    }
}
