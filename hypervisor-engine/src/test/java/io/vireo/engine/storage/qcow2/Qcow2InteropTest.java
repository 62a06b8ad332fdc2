package io.vireo.engine.storage.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.Disks;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.QemuImg;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(120)
class Qcow2InteropTest {
    @TempDir
    Path dir;

    /** Random writes, zero writes and discards through Vireo, mirrored in a byte array. */
    private static void scribble(DiskImage disk, byte[] model, long seed, int ops) throws Exception {
        Random rnd = new Random(seed);
        for (int i = 0; i < ops; i++) {
            int len = 1 + rnd.nextInt(rnd.nextBoolean() ? 3000 : 300_000);
            int off = rnd.nextInt(model.length - len);
            int kind = rnd.nextInt(10);
            if (kind < 7) {
                byte[] data = new byte[len];
                rnd.nextBytes(data);
                disk.write(off, ByteBuffer.wrap(data));
                System.arraycopy(data, 0, model, off, len);
            } else if (kind < 9) {
                disk.writeZeroes(off, len);
                Arrays.fill(model, off, off + len, (byte) 0);
            } else {
                disk.discard(off, len);
                Arrays.fill(model, off, off + len, (byte) 0);
            }
            if (rnd.nextInt(8) == 0) {
                disk.flush();
            }
        }
    }

    @ParameterizedTest(name = "cluster size {0}")
    @ValueSource(ints = {512, 4096, 65536, 2 << 20})
    void imagesWrittenByVireoPassQemuCheckAndMatchExpectedBytes(int clusterSize) throws Exception {
        Path image = dir.resolve("disk.qcow2");
        int size = 8 << 20;
        Qcow2Creator.create(image, size, Integer.numberOfTrailingZeros(clusterSize), Optional.empty(), Optional.empty());
        byte[] model = new byte[size];
        try (DiskImage disk = DiskChain.open(image, false)) {
            scribble(disk, model, clusterSize, 150);
            assertThat(Disks.readAll(disk)).isEqualTo(model);
        }
        QemuImg.assertCheckClean(image);
        assertThat(QemuImg.contents(image)).isEqualTo(model);
        assertThat(Disks.readAll(image)).isEqualTo(model);
    }

    @Test
    void partialWritesToAnOverlayKeepTheBackingBytesAround() throws Exception {
        Path base = dir.resolve("base.raw");
        byte[] model = new byte[4 << 20];
        new Random(7).nextBytes(model);
        Files.write(base, model);
        Path overlay = dir.resolve("overlay.qcow2");
        ChainOperations.createOverlay(base, overlay);
        try (DiskImage disk = DiskChain.open(overlay, false)) {
            scribble(disk, model, 11, 80);
        }
        QemuImg.assertCheckClean(overlay);
        assertThat(QemuImg.contents(overlay)).isEqualTo(model);
        assertThat(Files.readAllBytes(base)).as("backing untouched").isNotEqualTo(model);
    }

    @Test
    void refcountTableGrowsWhenTheFileOutgrowsIt() throws Exception {
        Path image = dir.resolve("small-clusters.qcow2");
        int size = 12 << 20;
        Qcow2Creator.create(image, size, 9, Optional.empty(), Optional.empty());
        byte[] model = new byte[size];
        new Random(3).nextBytes(model);
        try (DiskImage disk = DiskChain.open(image, false)) {
            disk.write(0, ByteBuffer.wrap(model));
            disk.flush();
        }
        QemuImg.assertCheckClean(image);
        assertThat(QemuImg.contents(image)).isEqualTo(model);
    }

    @Test
    void growingKeepsDataAndTheNewTailReadsAsZeros() throws Exception {
        Path image = dir.resolve("grow.qcow2");
        Qcow2Creator.create(image, 1 << 20, 9, Optional.empty(), Optional.empty());
        byte[] head = new byte[1 << 20];
        new Random(5).nextBytes(head);
        try (DiskImage disk = DiskChain.open(image, false)) {
            disk.write(0, ByteBuffer.wrap(head));
        }
        ChainOperations.grow(image, 10 << 20);
        byte[] expected = Arrays.copyOf(head, 10 << 20);
        try (DiskImage disk = DiskChain.open(image, false)) {
            assertThat(disk.size()).isEqualTo(10 << 20);
            disk.write(9 << 20, ByteBuffer.wrap(head));
        }
        System.arraycopy(head, 0, expected, 9 << 20, head.length);
        QemuImg.assertCheckClean(image);
        assertThat(QemuImg.contents(image)).isEqualTo(expected);
    }

    @Test
    void growingSmallClusterImagesNeedingAManyClusterL1Table() throws Exception {
        Path image = dir.resolve("grow-l1.qcow2");
        Qcow2Creator.create(image, 1 << 20, 9, Optional.empty(), Optional.empty());
        ChainOperations.grow(image, 4L << 30);
        byte[] data = new byte[1 << 20];
        new Random(6).nextBytes(data);
        try (DiskImage disk = DiskChain.open(image, false)) {
            disk.write((4L << 30) - data.length, ByteBuffer.wrap(data));
        }
        QemuImg.assertCheckClean(image);
        QemuImg.ok("qemu-io", "-c", "read -P 0 0 1M", image.toString());
        try (DiskImage disk = DiskChain.open(image, true)) {
            ByteBuffer back = ByteBuffer.allocate(data.length);
            disk.read((4L << 30) - data.length, back);
            assertThat(back.array()).isEqualTo(data);
        }
    }

    @ParameterizedTest(name = "cluster size {0}")
    @ValueSource(strings = {"4k", "64k", "2M"})
    void imagesWrittenByQemuReadCorrectly(String clusterSize) throws Exception {
        Path base = dir.resolve("base.qcow2");
        Path top = dir.resolve("top.qcow2");
        QemuImg.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=" + clusterSize,
                base.toString(), "16M");
        QemuImg.ok("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 3M", "-c", "write -P 0x22 5M 70k",
                "-c", "write -P 0x33 9M 1M", base.toString());
        QemuImg.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=" + clusterSize,
                "-b", "base.qcow2", "-F", "qcow2", top.toString());
        QemuImg.ok("qemu-io", "-f", "qcow2", "-c", "write -P 0x44 1M 5k", "-c", "write -z 9M 1M",
                "-c", "write -z 0 4096", "-c", "write -P 0x55 15M 1M", top.toString());
        assertThat(Disks.readAll(top)).isEqualTo(QemuImg.contents(top));
    }

    @ParameterizedTest(name = "cluster size {0}")
    @ValueSource(strings = {"4k", "64k", "2M"})
    void compressedImagesFromQemuReadCorrectlyAndStayCleanAfterOverwrites(String clusterSize) throws Exception {
        Path raw = dir.resolve("src.raw");
        byte[] data = new byte[6 << 20];
        Random rnd = new Random(9);
        for (int i = 0; i < data.length; i += 512) {
            Arrays.fill(data, i, i + 512, (byte) (rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(3) + 'a'));
        }
        Files.write(raw, data);
        Path compressed = dir.resolve("c.qcow2");
        QemuImg.ok("qemu-img", "convert", "-c", "-O", "qcow2", "-o", "cluster_size=" + clusterSize,
                raw.toString(), compressed.toString());
        assertThat(Disks.readAll(compressed)).isEqualTo(data);
        try (DiskImage disk = DiskChain.open(compressed, false)) {
            byte[] patch = new byte[10_000];
            Arrays.fill(patch, (byte) 'z');
            disk.write(100_000, ByteBuffer.wrap(patch));
            System.arraycopy(patch, 0, data, 100_000, patch.length);
            disk.writeZeroes(3 << 20, 1 << 20);
            Arrays.fill(data, 3 << 20, 4 << 20, (byte) 0);
        }
        QemuImg.assertCheckClean(compressed);
        assertThat(QemuImg.contents(compressed)).isEqualTo(data);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"refcount_bits=1", "refcount_bits=8", "refcount_bits=64", "compat=0.10"})
    void qemuImagesWithOtherRefcountWidthsOrVersionTwoStayCleanWhenVireoWrites(String option) throws Exception {
        Path base = dir.resolve("base.raw");
        byte[] model = new byte[8 << 20];
        new Random(4).nextBytes(model);
        Files.write(base, Arrays.copyOf(model, 4 << 20));
        Arrays.fill(model, 4 << 20, model.length, (byte) 0);
        Path image = dir.resolve("other.qcow2");
        QemuImg.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", option + ",cluster_size=4k",
                "-b", "base.raw", "-F", "raw", image.toString(), "8M");
        try (DiskImage disk = DiskChain.open(image, false)) {
            scribble(disk, model, 21, 120);
        }
        QemuImg.assertCheckClean(image);
        assertThat(QemuImg.contents(image)).isEqualTo(model);
    }

    @Test
    void rawImagesCreatedByVireoAreSparseAndSized() throws Exception {
        Path image = dir.resolve("disk.raw");
        ChainOperations.create(image, ImageFormat.RAW, 3 << 20, Optional.empty());
        assertThat(Files.size(image)).isEqualTo(3 << 20);
        assertThat(QemuImg.ok("qemu-img", "info", image.toString())).contains("file format: raw");
    }
}
