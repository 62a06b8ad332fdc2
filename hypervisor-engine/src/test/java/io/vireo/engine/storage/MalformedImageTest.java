package io.vireo.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile image files give a clear error: no crash, hang, unbounded allocation or write to another file. */
@Timeout(60)
class MalformedImageTest {
    @TempDir
    Path dir;
    private Path backing;
    private byte[] backingBytes;
    private Path good;

    @BeforeEach
    void goodOverlayOnARawBacking() throws Exception {
        backing = dir.resolve("backing.raw");
        backingBytes = new byte[2 << 20];
        new Random(1).nextBytes(backingBytes);
        Files.write(backing, backingBytes);
        good = dir.resolve("good.qcow2");
        ChainOperations.create(good, ImageFormat.QCOW2, 4 << 20, Optional.of(backing), 12);
        byte[] data = new byte[300_000];
        new Random(2).nextBytes(data);
        try (DiskImage d = DiskChain.open(good, false)) {
            d.write(100_000, ByteBuffer.wrap(data));
            d.write(3 << 20, ByteBuffer.wrap(data));
        }
    }

    private Path copyOfGood(String name) throws IOException {
        return Files.copy(good, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void poke(Path file, long offset, ByteBuffer bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ChannelIo.writeFully(ch, bytes, offset);
        }
    }

    private static ByteBuffer longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(0, v);
    }

    private static ByteBuffer intBytes(int v) {
        return ByteBuffer.allocate(4).putInt(0, v);
    }

    /** Opens, reads a few places, writes and checks; only {@link IOException}s may escape. */
    private static void exercise(Path image) throws IOException {
        try (DiskImage d = DiskChain.open(image, true)) {
            ByteBuffer buf = ByteBuffer.allocate(256 << 10);
            for (long at : new long[] {0, 100_000, 3 << 20, d.size() - buf.capacity()}) {
                if (at >= 0 && at + buf.capacity() <= d.size()) {
                    d.read(at, buf.clear());
                }
            }
        }
        try (DiskImage d = DiskChain.open(image, false)) {
            if (d.size() >= 1 << 20) {
                d.write(12345, ByteBuffer.allocate(70_000));
                d.writeZeroes(1 << 19, 1 << 16);
                d.flush();
            }
        }
        ChainOperations.check(image);
    }

    @Test
    void fuzzedHeadersAndTablesFailCleanly() throws Exception {
        Random rnd = new Random(20261124);
        int errors = 0;
        for (int i = 0; i < 400; i++) {
            Path victim = copyOfGood("fuzz.qcow2");
            int flips = 1 + rnd.nextInt(6);
            for (int f = 0; f < flips; f++) {
                long at = rnd.nextInt(4) == 0 ? rnd.nextInt((int) Files.size(victim)) : rnd.nextInt(128);
                poke(victim, at, ByteBuffer.wrap(new byte[] {(byte) rnd.nextInt()}));
            }
            try {
                exercise(victim);
            } catch (IOException expected) {
                assertThat(expected.getMessage()).as("error message").isNotBlank();
                errors++;
            }
        }
        assertThat(errors).as("most fuzzed images are rejected").isGreaterThan(50);
        assertThat(Files.readAllBytes(backing)).as("backing file untouched").isEqualTo(backingBytes);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("backing.raw", "good.qcow2", "fuzz.qcow2");
        }
    }

    @Test
    void tablesPointingPastTheEndOfTheFileAreReported() throws Exception {
        Path l1PastEof = copyOfGood("l1.qcow2");
        poke(l1PastEof, 40, longBytes(1L << 40));
        assertThatThrownBy(() -> DiskChain.open(l1PastEof, true))
                .isInstanceOf(ImageException.class).hasMessageContaining("L1 table").hasMessageContaining("past the end");

        Path reftablePastEof = copyOfGood("reftable.qcow2");
        poke(reftablePastEof, 48, longBytes(1L << 40));
        assertThatThrownBy(() -> DiskChain.open(reftablePastEof, true))
                .isInstanceOf(ImageException.class).hasMessageContaining("refcount table");

        Path l2PastEof = copyOfGood("l2.qcow2");
        long l1Offset;
        try (FileChannel ch = FileChannel.open(l2PastEof, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            ChannelIo.readFully(ch, b, 40, "test");
            l1Offset = b.getLong(0);
        }
        poke(l2PastEof, l1Offset, longBytes((1L << 45) | (1L << 63)));
        try (DiskImage d = DiskChain.open(l2PastEof, true)) {
            assertThatThrownBy(() -> d.read(0, ByteBuffer.allocate(512)))
                    .isInstanceOf(ImageException.class).hasMessageContaining("L2 table").hasMessageContaining("past the end");
        }
        assertThat(ChainOperations.check(l2PastEof).corrupt()).isTrue();
    }

    @Test
    void absurdSizesAreRejectedBeforeAnyAllocation() throws Exception {
        Path hugeDisk = copyOfGood("huge.qcow2");
        poke(hugeDisk, 20, intBytes(9));
        poke(hugeDisk, 24, longBytes(1L << 62));
        assertThatThrownBy(() -> DiskChain.open(hugeDisk, true))
                .isInstanceOf(ImageException.class).hasMessageContaining("too large");

        Path hugeL1 = copyOfGood("hugel1.qcow2");
        poke(hugeL1, 36, intBytes(Integer.MAX_VALUE));
        assertThatThrownBy(() -> DiskChain.open(hugeL1, true))
                .isInstanceOf(ImageException.class).hasMessageContaining("L1 table size");

        Path hugeReftable = copyOfGood("hugeref.qcow2");
        poke(hugeReftable, 56, intBytes(Integer.MAX_VALUE));
        assertThatThrownBy(() -> DiskChain.open(hugeReftable, false))
                .isInstanceOf(ImageException.class).hasMessageContaining("refcount table");

        assertThatThrownBy(() -> ChainOperations.create(dir.resolve("big.qcow2"), ImageFormat.QCOW2, 1L << 62,
                Optional.empty(), 9)).isInstanceOf(ImageException.class).hasMessageContaining("too large");
    }

    @Test
    void unknownIncompatibleFeaturesAreRefused() throws Exception {
        Path image = copyOfGood("feature.qcow2");
        poke(image, 72, longBytes(1L << 40));
        assertThatThrownBy(() -> DiskChain.open(image, true))
                .isInstanceOf(ImageException.class).hasMessageContaining("incompatible feature");
    }

    @Test
    void unsupportedQcow2FeaturesAreNamedInTheError() throws Exception {
        Path extendedL2 = dir.resolve("subclusters.qcow2");
        QemuImg.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "extended_l2=on", extendedL2.toString(), "1M");
        assertThatThrownBy(() -> DiskChain.open(extendedL2, true))
                .isInstanceOf(ImageException.class).hasMessageContaining("extended L2");
        Path zstd = dir.resolve("zstd.qcow2");
        QemuImg.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "compression_type=zstd", zstd.toString(), "1M");
        assertThatThrownBy(() -> DiskChain.open(zstd, true))
                .isInstanceOf(ImageException.class).hasMessageContaining("zstd");
        Path dataFile = dir.resolve("external.qcow2");
        QemuImg.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "data_file=" + dir.resolve("external.data"),
                dataFile.toString(), "1M");
        assertThatThrownBy(() -> DiskChain.open(dataFile, true))
                .isInstanceOf(ImageException.class).hasMessageContaining("external data file");
    }

    @Test
    void corruptAndDirtyImagesOpenOnlyReadOnly() throws Exception {
        for (long bit : new long[] {1, 2}) {
            Path image = copyOfGood("flag" + bit + ".qcow2");
            poke(image, 72, longBytes(bit));
            try (DiskImage d = DiskChain.open(image, true)) {
                assertThat(d.size()).isEqualTo(4 << 20);
            }
            assertThatThrownBy(() -> DiskChain.open(image, false))
                    .isInstanceOf(ImageException.class).hasMessageContaining("qemu-img check -r all");
        }
    }

    @Test
    void backingChainLoopsAreDetected() throws Exception {
        Path a = dir.resolve("a.qcow2");
        Path b = dir.resolve("b.qcow2");
        ChainOperations.create(b, ImageFormat.QCOW2, 1 << 20, Optional.empty());
        ChainOperations.create(a, ImageFormat.QCOW2, 1 << 20, Optional.of(b));
        QemuImg.ok("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", "a.qcow2", "-F", "qcow2", b.toString());
        assertThatThrownBy(() -> DiskChain.open(a, true))
                .isInstanceOf(ImageException.class).hasMessageContaining("loops");
        Path self = dir.resolve("self.qcow2");
        ChainOperations.create(self, ImageFormat.QCOW2, 1 << 20, Optional.empty());
        QemuImg.ok("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", "self.qcow2", "-F", "qcow2", self.toString());
        assertThatThrownBy(() -> DiskChain.open(self, false))
                .isInstanceOf(ImageException.class).hasMessageContaining("loops");
    }

    @Test
    void chainsDeeperThanTheLimitAreRefused() throws Exception {
        Path previous = dir.resolve("link0.qcow2");
        ChainOperations.create(previous, ImageFormat.QCOW2, 1 << 20, Optional.empty());
        for (int i = 1; i <= DiskChain.MAX_DEPTH + 1; i++) {
            Path next = dir.resolve("link" + i + ".qcow2");
            QemuImg.ok("qemu-img", "create", "-q", "-f", "qcow2", "-b", previous.getFileName().toString(),
                    "-F", "qcow2", next.toString());
            previous = next;
        }
        Path top = previous;
        assertThatThrownBy(() -> DiskChain.open(top, true))
                .isInstanceOf(ImageException.class).hasMessageContaining("deeper than");
    }

    @Test
    void fuzzedVmdkFailsCleanly() throws Exception {
        Path vmdk = dir.resolve("good.vmdk");
        ChainOperations.flatten(good, vmdk, ImageFormat.VMDK);
        Random rnd = new Random(5);
        byte[] original = Files.readAllBytes(vmdk);
        int errors = 0;
        for (int i = 0; i < 200; i++) {
            byte[] bytes = original.clone();
            for (int f = 0; f < 1 + rnd.nextInt(4); f++) {
                int at = rnd.nextBoolean() ? rnd.nextInt(96) : bytes.length - 1024 + rnd.nextInt(96);
                if (rnd.nextInt(3) == 0) {
                    at = rnd.nextInt(bytes.length);
                }
                bytes[at] = (byte) rnd.nextInt();
            }
            Path victim = dir.resolve("fuzz.vmdk");
            Files.write(victim, bytes);
            try (DiskImage d = DiskChain.open(victim, Optional.of(ImageFormat.VMDK), true)) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(d.size(), 4 << 20));
                d.read(0, buf);
            } catch (IOException expected) {
                assertThat(expected.getMessage()).isNotBlank();
                errors++;
            }
        }
        assertThat(errors).isPositive();
        assertThat(Arrays.equals(Files.readAllBytes(backing), backingBytes)).isTrue();
    }

    @Test
    void aVmdkGrainDirectoryOffsetThatOverflowsIsReportedNotThrownAsAnotherException() throws Exception {
        Path vmdk = dir.resolve("gd.vmdk");
        ChainOperations.flatten(good, vmdk, ImageFormat.VMDK);
        long footer = Files.size(vmdk) - 1024;       // streamOptimized: the footer header holds the real offset
        poke(vmdk, footer + 56, ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(0, 0x0060_0000_0000_0000L)); // sectors; times 512 wraps to a negative byte offset
        assertThatThrownBy(() -> DiskChain.open(vmdk, Optional.of(ImageFormat.VMDK), true))
                .isInstanceOf(ImageException.class).hasMessageContaining("grain directory");
    }
}
