package io.vireo.engine.devices.virtio;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.devices.virtio.scsi.VirtioScsi;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.raw.RawImage;
import io.vireo.engine.testing.RamGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target: virtio-scsi commands (any LUN, any CDB, known opcodes with wild LBAs and lengths, any buffer
 * layout, on chains that may be corrupted) and control requests, against a raw disk and a CD-ROM drive holding
 * an ISO. The device answers each chain or asks for a reset; its I/O thread never dies; it writes guest RAM
 * only in buffers the driver made device-writable; the ISO and its neighbour never change and the disk file
 * never grows.
 */
class VirtioScsiFuzzTest {
    private static final int CONTROL = 0, REQUEST = 2, DISK_SIZE = 128 << 10;
    private static final int[] OPCODES = {0x00, 0x03, 0x08, 0x0A, 0x12, 0x1A, 0x1B, 0x1E, 0x25, 0x28, 0x2A, 0x35,
            0x43, 0x46, 0x4A, 0x5A, 0x88, 0x8A, 0x91, 0x9E, 0xA0, 0xA8, 0xAA, 0xBD};
    private static final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private static Path dir, disk, iso, neighbour;
    private static byte[] isoBytes, neighbourBytes;

    @BeforeAll
    static void files() throws IOException {
        dir = Files.createTempDirectory("vireo-scsi-fuzz");
        disk = Files.write(dir.resolve("disk.raw"), new byte[DISK_SIZE]);
        isoBytes = new byte[32 * 2048];
        new Random(7).nextBytes(isoBytes);
        iso = Files.write(dir.resolve("disc.iso"), isoBytes);
        neighbourBytes = new byte[4096];
        new Random(8).nextBytes(neighbourBytes);
        neighbour = Files.write(dir.resolve("neighbour.raw"), neighbourBytes);
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> uncaught.add(failure));
    }

    @AfterAll
    static void removeFiles() throws IOException {
        Thread.setDefaultUncaughtExceptionHandler(null);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @FuzzTest(maxDuration = "5m")
    void commands(FuzzedDataProvider data) throws Exception {
        boolean readOnly = data.consumeInt(0, 3) == 0;
        try (DiskImage image = RawImage.open(disk, readOnly)) {
            VirtioScsi[] scsi = new VirtioScsi[1];
            TestDriver driver = new TestDriver(memory -> scsi[0] = new VirtioScsi(memory, "fuzz", List.of(image), 1));
            try {
                driver.start(3);
                if (data.consumeBoolean()) {
                    scsi[0].cdromDrives().getFirst().insert(iso);
                }
                FuzzedChains chains = new FuzzedChains(driver, data);
                for (int i = data.consumeInt(1, 3); i > 0; i--) {
                    command(data, chains);
                }
                for (int i = data.consumeInt(0, 2); i > 0; i--) {
                    control(data, chains);
                }
                RamGuard guard = new RamGuard(driver.memory);
                chains.kick(REQUEST);
                chains.kick(CONTROL);
                chains.awaitUsedOrReset(REQUEST, chains.posted(REQUEST));
                chains.awaitUsedOrReset(CONTROL, chains.posted(CONTROL));
                chains.allowWrites(guard, 3);
                guard.assertNoOtherWrites();
            } finally {
                driver.close();
                scsi[0].close();
            }
        }
        assertThat(uncaught).as("exceptions that ended a device thread").isEmpty();
        assertThat(Files.readAllBytes(iso)).as("the ISO").isEqualTo(isoBytes);
        assertThat(Files.readAllBytes(neighbour)).as("neighbouring file").isEqualTo(neighbourBytes);
        assertThat(Files.size(disk)).as("disk length").isEqualTo(DISK_SIZE);
    }

    /** A request header, data-out, the response header and data-in, laid out like a driver would, then fuzzed. */
    private static void command(FuzzedDataProvider data, FuzzedChains chains) {
        byte[] request = new byte[51];
        if (data.consumeBoolean()) {
            request[0] = 1;
            request[1] = (byte) data.consumeInt(0, 2);
            request[2] = 0x40;
            request[3] = (byte) data.consumeInt(0, 1);
        } else {
            System.arraycopy(Arrays.copyOf(data.consumeBytes(8), 8), 0, request, 0, 8);
        }
        byte[] cdb = Arrays.copyOf(data.consumeBytes(32), 32);
        if (data.consumeBoolean()) {
            cdb[0] = (byte) data.pickValue(OPCODES);
            if (data.consumeBoolean()) {
                ByteBuffer.wrap(cdb).putInt(2, data.consumeInt(0, 80)).putShort(7, (short) data.consumeInt(0, 8));
            }
        }
        System.arraycopy(cdb, 0, request, 19, 32);
        int out = data.consumeInt(0, 2), in = data.consumeInt(0, 2);
        TestDriver.Buffer[] chain = new TestDriver.Buffer[2 + out + in];
        int requestLength = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 64) : 51;
        chain[0] = new TestDriver.Buffer(chains.bufferWith(Arrays.copyOf(request, Math.max(requestLength, 1))),
                requestLength, false);
        for (int i = 0; i < out; i++) {
            int length = length(data);
            chain[1 + i] = new TestDriver.Buffer(chains.bufferWith(Arrays.copyOf(data.consumeBytes(length), length)),
                    length, false);
        }
        int responseLength = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 128) : 108;
        chain[1 + out] = new TestDriver.Buffer(chains.buffer(responseLength), responseLength, true);
        for (int i = 0; i < in; i++) {
            int length = length(data);
            chain[2 + out + i] = new TestDriver.Buffer(chains.buffer(length), length, true);
        }
        chains.post(REQUEST, chain);
    }

    private static int length(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 2)) {
            case 0 -> 512 * data.consumeInt(0, 8);
            case 1 -> data.consumeInt(0, 300);
            default -> 2048 * data.consumeInt(0, 16);
        };
    }

    /** A task management or notification request, of the right length or not. */
    private static void control(FuzzedDataProvider data, FuzzedChains chains) {
        int length = data.consumeBoolean() ? data.pickValue(new int[] {16, 24}) : data.consumeInt(0, 40);
        ByteBuffer request = ByteBuffer.wrap(Arrays.copyOf(data.consumeBytes(length), Math.max(length, 8)))
                .order(ByteOrder.LITTLE_ENDIAN);
        if (data.consumeBoolean()) {
            request.putInt(0, data.consumeInt(0, 3));
        }
        int response = data.consumeInt(0, 8);
        chains.post(CONTROL, new TestDriver.Buffer(chains.bufferWith(request.array()), length, false),
                new TestDriver.Buffer(chains.buffer(response), response, true));
    }
}
