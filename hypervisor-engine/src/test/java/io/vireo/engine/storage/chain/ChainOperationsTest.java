package io.vireo.engine.storage.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.Disks;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.QemuImg;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChainOperationsTest {
    private static final int SIZE = 8 << 20;

    @TempDir
    Path dir;
    private Path base;
    private byte[] expected;

    @BeforeEach
    void baseWithData() throws Exception {
        base = dir.resolve("base.qcow2");
        ChainOperations.create(base, ImageFormat.QCOW2, SIZE, Optional.empty());
        expected = new byte[SIZE];
        write(base, 0, 3 << 20, 1);
    }

    private void write(Path image, int offset, int length, long seed) throws Exception {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        try (DiskImage d = DiskChain.open(image, false)) {
            d.write(offset, ByteBuffer.wrap(data));
        }
        System.arraycopy(data, 0, expected, offset, length);
    }

    private void zero(Path image, int offset, int length) throws Exception {
        try (DiskImage d = DiskChain.open(image, false)) {
            d.writeZeroes(offset, length);
        }
        Arrays.fill(expected, offset, offset + length, (byte) 0);
    }

    @Test
    void snapshotFreezesTheBaseAndTheOverlayTakesNewWrites() throws Exception {
        byte[] frozen = expected.clone();
        Path overlay = dir.resolve("snap1.qcow2");
        ChainOperations.createOverlay(base, overlay);
        write(overlay, 1 << 20, 100_000, 2);
        zero(overlay, 2 << 20, 1 << 16);
        assertThat(Disks.readAll(base)).isEqualTo(frozen);
        assertThat(QemuImg.contents(overlay)).isEqualTo(expected);
        assertThat(QemuImg.ok("qemu-img", "info", overlay.toString())).contains("backing file: base.qcow2");
        QemuImg.assertCheckClean(overlay);
    }

    @Test
    void commitMergesTheDeltaIntoItsBacking() throws Exception {
        Path overlay = dir.resolve("delta.qcow2");
        ChainOperations.createOverlay(base, overlay);
        write(overlay, 1 << 20, 300_000, 3);
        zero(overlay, 0, 1 << 16);
        write(overlay, 7 << 20, 5, 4);
        ChainOperations.commit(overlay);
        QemuImg.assertCheckClean(base);
        assertThat(QemuImg.contents(base)).isEqualTo(expected);
        assertThat(Disks.readAll(overlay)).isEqualTo(expected);
    }

    @Test
    void flattenMakesAStandaloneCopyOfTheWholeChain() throws Exception {
        Path mid = dir.resolve("mid.qcow2");
        Path top = dir.resolve("top.qcow2");
        ChainOperations.createOverlay(base, mid);
        write(mid, 2 << 20, 2 << 20, 5);
        ChainOperations.createOverlay(mid, top);
        zero(top, 2 << 20, 1 << 20);
        write(top, 5 << 20, 12345, 6);
        for (ImageFormat format : List.of(ImageFormat.QCOW2, ImageFormat.RAW)) {
            Path clone = dir.resolve("clone." + format.qemuName());
            ChainOperations.flatten(top, clone, format);
            assertThat(ChainOperations.info(clone)).hasSize(1);
            assertThat(QemuImg.contents(clone)).as(format.qemuName()).isEqualTo(expected);
            if (format == ImageFormat.QCOW2) {
                QemuImg.assertCheckClean(clone);
            }
        }
        QemuImg.ok("qemu-img", "compare", top.toString(), dir.resolve("clone.qcow2").toString());
    }

    @Test
    void flattenReportsItsProgressThroughTheWholeDisk() throws Exception {
        List<Long> reports = new ArrayList<>();
        ChainOperations.flatten(base, dir.resolve("copy.qcow2"), ImageFormat.QCOW2, reports::add);
        assertThat(reports).isNotEmpty().isSorted().last().isEqualTo((long) SIZE);
        assertThat(reports.getFirst()).isLessThan(SIZE);
        assertThat(QemuImg.contents(dir.resolve("copy.qcow2"))).isEqualTo(expected);
    }

    @Test
    void flattenToVmdkConvertsBackWithQemuToIdenticalContent() throws Exception {
        Path top = dir.resolve("top.qcow2");
        ChainOperations.createOverlay(base, top);
        write(top, 6 << 20, 70_000, 7);
        Path vmdk = dir.resolve("disk.vmdk");
        ChainOperations.flatten(top, vmdk, ImageFormat.VMDK);
        assertThat(QemuImg.ok("qemu-img", "info", vmdk.toString())).contains("streamOptimized");
        assertThat(QemuImg.contents(vmdk)).isEqualTo(expected);
        assertThat(Disks.readAll(vmdk)).isEqualTo(expected);
    }

    @Test
    void rebaseOntoAnotherImageKeepsWhatTheGuestSees() throws Exception {
        Path other = dir.resolve("other.qcow2");
        ChainOperations.create(other, ImageFormat.QCOW2, SIZE, Optional.empty());
        byte[] otherData = new byte[SIZE / 2];
        new Random(8).nextBytes(otherData);
        try (DiskImage d = DiskChain.open(other, false)) {
            d.write(SIZE / 4, ByteBuffer.wrap(otherData));
        }
        Path top = dir.resolve("top.qcow2");
        ChainOperations.createOverlay(base, top);
        write(top, 1 << 20, 4096, 9);
        ChainOperations.rebase(top, Optional.of(other));
        assertThat(ChainOperations.info(top).get(1).path().getFileName().toString()).isEqualTo("other.qcow2");
        assertThat(QemuImg.contents(top)).isEqualTo(expected);
        QemuImg.assertCheckClean(top);
        ChainOperations.rebase(top, Optional.empty());
        assertThat(ChainOperations.info(top)).hasSize(1);
        assertThat(QemuImg.contents(top)).isEqualTo(expected);
    }

    @Test
    void backingPathsAreStoredRelativeAndResolvedAgainstTheImageFolder() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("vms/vm1"));
        Path overlay = sub.resolve("disk.qcow2");
        ChainOperations.createOverlay(base, overlay);
        assertThat(ChainOperations.info(overlay).getFirst().backingName()).contains("../../base.qcow2");
        Path moved = Files.createDirectories(dir.resolve("moved"));
        Files.move(dir.resolve("vms"), moved.resolve("vms"));
        Files.move(base, moved.resolve("base.qcow2"));
        assertThat(Disks.readAll(moved.resolve("vms/vm1/disk.qcow2"))).isEqualTo(expected);
    }

    @Test
    void rebaseRefusesToCreateALoop() throws Exception {
        Path top = dir.resolve("top.qcow2");
        ChainOperations.createOverlay(base, top);
        assertThatThrownBy(() -> ChainOperations.rebase(base, Optional.of(top)))
                .isInstanceOf(ImageException.class).hasMessageContaining("loop");
    }

    @Test
    void checkReportsCleanImagesAsClean() throws Exception {
        assertThat(ChainOperations.check(base).clean()).isTrue();
    }

    @Test
    void deletingAMiddleSnapshotByRebasingItsChildrenOntoItsParentKeepsEveryOtherStateAsItReads() throws Exception {
        // The tree: base (snapshot 1) <- mid (snapshot 2) <- {sibling (snapshot 3), top (current state)}.
        Path mid = dir.resolve("mid.qcow2"), sibling = dir.resolve("sibling.qcow2"), top = dir.resolve("top.qcow2");
        ChainOperations.createOverlay(base, mid);
        write(mid, 1 << 20, 64 << 10, 2);
        zero(mid, 2 << 20, 4096);
        ChainOperations.createOverlay(mid, sibling);
        write(sibling, 5 << 20, 4096, 3);
        ChainOperations.createOverlay(mid, top);
        write(top, 0, 4096, 4);
        List<Path> remaining = List.of(base, sibling, top);
        List<Path> before = new ArrayList<>();
        for (Path state : remaining) {
            Path copy = dir.resolve("before-" + state.getFileName() + ".raw");
            QemuImg.ok("qemu-img", "convert", "-O", "raw", state.toString(), copy.toString());
            before.add(copy);
        }
        assertThat(ChainOperations.info(top)).as("the depth before").hasSize(3);
        long midStored = ChainOperations.info(mid).getFirst().storedBytes();

        ChainOperations.rebase(sibling, Optional.of(base));
        ChainOperations.rebase(top, Optional.of(base));
        Files.delete(mid);

        for (int i = 0; i < remaining.size(); i++) {
            QemuImg.assertCheckClean(remaining.get(i));
            QemuImg.ok("qemu-img", "compare", "-f", "qcow2", "-F", "raw", remaining.get(i).toString(),
                    before.get(i).toString());
        }
        List<ImageInfo> chain = ChainOperations.info(top);
        assertThat(chain).as("one level shallower").hasSize(2);
        assertThat(chain.get(1).path().getFileName().toString()).isEqualTo("base.qcow2");
        assertThat(chain.getFirst().storedBytes()).as("the top now holds what it read from mid")
                .isGreaterThanOrEqualTo(midStored).isLessThanOrEqualTo(chain.getFirst().fileSize());
    }

    @Test
    @Timeout(10)
    void rebasingATerabyteChainCostsWhatItsDataCostsNotItsSize() throws Exception {
        Path big = dir.resolve("big.qcow2"), top = dir.resolve("big-top.qcow2");
        ChainOperations.create(big, ImageFormat.QCOW2, 1L << 40, Optional.empty());
        byte[] data = new byte[1 << 20];
        new Random(5).nextBytes(data);
        try (DiskImage d = DiskChain.open(big, false)) {
            d.write(1L << 39, ByteBuffer.wrap(data));
        }
        ChainOperations.createOverlay(big, top);
        ChainOperations.rebase(top, Optional.empty());
        Files.delete(big);
        try (DiskImage d = DiskChain.open(top, true)) {
            ByteBuffer read = ByteBuffer.allocate(data.length);
            d.read(1L << 39, read);
            assertThat(read.array()).isEqualTo(data);
            assertThat(d.storedBytes()).isEqualTo(data.length);
        }
    }
}
