package io.vireo.engine.devices.virtio;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.devices.virtio.blk.VirtioBlock;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import io.vireo.engine.testing.RamGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target: virtio-blk requests (any type, sector and buffer layout, on chains that may be corrupted)
 * against a qcow2 overlay on a raw backing file. The device answers each with a status or asks for a
 * reset; its I/O thread never dies; it writes guest RAM only in buffers the driver made device-writable;
 * the backing file and its neighbours never change and the overlay grows by at most what the disk holds.
 */
class VirtioBlockFuzzTest {
    private static final int IN = 0, OUT = 1, FLUSH = 4, GET_ID = 8, DISCARD = 11, WRITE_ZEROES = 13;
    private static final long DISK_SIZE = 256 << 10, SECTORS = DISK_SIZE / 512;
    private static final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private static Path dir, pristine, backing, neighbour;
    private static byte[] backingBytes, neighbourBytes;

    @BeforeAll
    static void disks() throws IOException {
        dir = Files.createTempDirectory("vireo-blk-fuzz");
        backing = dir.resolve("backing.raw");
        backingBytes = new byte[(int) DISK_SIZE];
        new Random(7).nextBytes(backingBytes);
        Files.write(backing, backingBytes);
        neighbour = dir.resolve("neighbour.raw");
        neighbourBytes = new byte[4096];
        new Random(8).nextBytes(neighbourBytes);
        Files.write(neighbour, neighbourBytes);
        pristine = dir.resolve("pristine.qcow2");
        ChainOperations.create(pristine, ImageFormat.QCOW2, DISK_SIZE, Optional.of(backing), 9);
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> uncaught.add(failure));
    }

    @AfterAll
    static void removeDisks() throws IOException {
        Thread.setDefaultUncaughtExceptionHandler(null);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @FuzzTest(maxDuration = "5m")
    void requests(FuzzedDataProvider data) throws Exception {
        Path overlay = Files.copy(pristine, dir.resolve("overlay.qcow2"), StandardCopyOption.REPLACE_EXISTING);
        long pristineLength = Files.size(pristine);
        boolean readOnly = data.consumeInt(0, 7) == 0;
        try (DiskImage disk = DiskChain.open(overlay, Optional.of(ImageFormat.QCOW2), readOnly)) {
            TestDriver driver = new TestDriver(memory -> new VirtioBlock(memory, disk, "fuzz"));
            try {
                driver.start(1);
                FuzzedChains chains = new FuzzedChains(driver, data);
                for (int i = data.consumeInt(1, 3); i > 0; i--) {
                    request(data, chains);
                }
                RamGuard guard = new RamGuard(driver.memory);
                chains.kick(0);
                chains.awaitUsedOrReset(0, chains.posted(0));
                chains.allowWrites(guard, 1);
                guard.assertNoOtherWrites();
            } finally {
                driver.close();
            }
        }
        assertThat(uncaught).as("exceptions that ended a device thread").isEmpty();
        assertThat(Files.readAllBytes(backing)).as("backing file").isEqualTo(backingBytes);
        assertThat(Files.readAllBytes(neighbour)).as("neighbouring file").isEqualTo(neighbourBytes);
        assertThat(Files.size(overlay)).as("overlay length").isLessThanOrEqualTo(pristineLength + 3 * DISK_SIZE);
    }

    /** Header, up to three data buffers and the status byte of one request, laid out like a driver would, then fuzzed. */
    private static void request(FuzzedDataProvider data, FuzzedChains chains) {
        int type = data.consumeBoolean() ? data.pickValue(new int[] {IN, OUT, FLUSH, GET_ID, DISCARD, WRITE_ZEROES})
                : data.consumeInt();
        long sector = data.consumeBoolean() ? data.consumeLong(0, SECTORS + 1) : data.consumeLong();
        ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0, type).putLong(8, sector);
        boolean deviceWrites = type == IN || type == GET_ID;
        int buffers = data.consumeInt(0, 3);
        TestDriver.Buffer[] chain = new TestDriver.Buffer[buffers + 2];
        chain[0] = new TestDriver.Buffer(chains.bufferWith(header.array()), 16, false);
        for (int i = 1; i <= buffers; i++) {
            int length = switch (data.consumeInt(0, 3)) {
                case 0 -> 512 * data.consumeInt(0, 16);
                case 1 -> 16 * data.consumeInt(1, 4);
                case 2 -> data.consumeInt(0, 20);
                default -> data.consumeInt(0, 64 << 10);
            };
            long at = deviceWrites ? chains.buffer(length) : chains.bufferWith(Arrays.copyOf(data.consumeBytes(length), length));
            chain[i] = new TestDriver.Buffer(at, length, deviceWrites);
        }
        chain[buffers + 1] = new TestDriver.Buffer(chains.buffer(1), 1, true);
        chains.post(0, chain);
    }
}
