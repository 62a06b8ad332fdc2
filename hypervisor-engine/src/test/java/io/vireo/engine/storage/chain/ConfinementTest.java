package io.vireo.engine.storage.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.QemuImg;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A datastore's disk chains stay inside it: a qcow2 whose header names a backing file outside the root
 * (by {@code ..}, by an absolute path, through a symbolic link) is refused by every operation that
 * follows backings, while chains inside it work as before.
 */
@Timeout(60)
class ConfinementTest {
    @TempDir
    Path dir;
    private Path root;
    private Path vmFolder;
    private Path secret;

    @BeforeEach
    void datastore() throws Exception {
        root = Files.createDirectories(dir.resolve("datastore"));
        vmFolder = Files.createDirectories(root.resolve("vm-1"));
        secret = Files.createDirectories(dir.resolve("etc")).resolve("passwd");
        Files.write(secret, new byte[1 << 20]);
    }

    /** A qcow2 written by another tool, naming {@code backingName} without checking it. */
    private Path hostile(String name, String backingName) throws Exception {
        Path image = vmFolder.resolve(name);
        QemuImg.ok("qemu-img", "create", "-q", "-f", "qcow2", "-u", "-b", backingName, "-F", "raw",
                image.toString(), "1M");
        return image;
    }

    private List<Path> hostileImages() throws Exception {
        Path link = vmFolder.resolve("innocent.raw");
        Files.createSymbolicLink(link, secret);
        return List.of(hostile("dotdot.qcow2", "../../etc/passwd"), hostile("absolute.qcow2", secret.toString()),
                hostile("symlink.qcow2", "innocent.raw"));
    }

    @Test
    void backingFilesOutsideTheRootAreRefusedByEveryOperationThatFollowsThem() throws Exception {
        for (Path image : hostileImages()) {
            Path copy = vmFolder.resolve("copy-of-" + image.getFileName());
            Path overlay = vmFolder.resolve("over-" + image.getFileName());
            refused(() -> DiskChain.open(image, Optional.of(ImageFormat.QCOW2), true, root).close(), image);
            refused(() -> ChainOperations.info(image, root), image);
            refused(() -> ChainOperations.check(image, false, root), image);
            refused(() -> ChainOperations.commit(image, root), image);
            refused(() -> ChainOperations.flatten(image, copy, ImageFormat.QCOW2, root), image);
            refused(() -> ChainOperations.rebase(image, Optional.empty(), root), image);
            refused(() -> ChainOperations.createOverlay(image, overlay, root), image);
            assertThat(copy).as("nothing is written for a refused chain").doesNotExist();
            assertThat(overlay).doesNotExist();
            assertThat(ChainOperations.info(image)).as("unconfined, the same image opens (the old hole)")
                    .hasSize(2);
        }
        assertThat(Files.readAllBytes(secret)).as("the file outside was never written").containsOnly((byte) 0);
    }

    private void refused(ThrowingCallable operation, Path image) {
        assertThatThrownBy(operation).as("%s", image).isInstanceOf(ImageException.class)
                .hasMessageContaining(image.toString()).hasMessageContaining("outside " + root);
    }

    @Test
    void topsAndNewFilesOutsideTheRootAreRefusedToo() throws Exception {
        Path inside = vmFolder.resolve("disk0.qcow2");
        ChainOperations.create(inside, ImageFormat.QCOW2, 1 << 20, Optional.empty());
        Path outside = dir.resolve("outside.qcow2");
        ChainOperations.create(outside, ImageFormat.QCOW2, 1 << 20, Optional.empty());
        assertThatThrownBy(() -> ChainOperations.info(outside, root)).isInstanceOf(ImageException.class)
                .hasMessageContaining("outside " + root);
        assertThatThrownBy(() -> ChainOperations.createOverlay(inside, dir.resolve("escaped.qcow2"), root))
                .isInstanceOf(ImageException.class).hasMessageContaining("outside " + root);
        assertThatThrownBy(() -> ChainOperations.createOverlay(outside, vmFolder.resolve("over.qcow2"), root))
                .isInstanceOf(ImageException.class).hasMessageContaining("outside " + root);
        assertThat(dir.resolve("escaped.qcow2")).doesNotExist();
    }

    @Test
    void chainsInsideTheRootWorkThroughEveryConfinedOperation() throws Exception {
        Path images = Files.createDirectories(root.resolve("images"));
        Path base = images.resolve("debian.qcow2");
        ChainOperations.create(base, ImageFormat.QCOW2, 4 << 20, Optional.empty());
        try (DiskImage d = DiskChain.open(base, false)) {
            d.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
        }
        Path linkedRoot = Files.createDirectories(dir.resolve("elsewhere")).resolve("store");
        Files.createSymbolicLink(linkedRoot, root);
        Path top = linkedRoot.resolve("vm-1/disk0.qcow2");
        ChainOperations.createOverlay(linkedRoot.resolve("images/debian.qcow2"), top, linkedRoot);
        assertThat(ChainOperations.info(top, linkedRoot)).hasSize(2);
        assertThat(ChainOperations.info(vmFolder.resolve("disk0.qcow2"), linkedRoot))
                .as("a root named through a link is the folder it leads to").hasSize(2);
        top = vmFolder.resolve("disk0.qcow2");
        assertThat(ChainOperations.check(top, false, root).clean()).isTrue();
        Path full = vmFolder.resolve("full.qcow2");
        ChainOperations.flatten(top, full, ImageFormat.QCOW2, root);
        assertThat(QemuImg.contents(full)).isEqualTo(QemuImg.contents(top));
        ChainOperations.rebase(top, Optional.empty(), root);
        ChainOperations.commit(vmFolder.resolve(createdOver(full)), root);
        try (DiskImage d = DiskChain.open(top, Optional.of(ImageFormat.QCOW2), true, root)) {
            assertThat(d.backing()).isEmpty();
        }
    }

    private Path createdOver(Path base) throws Exception {
        Path overlay = vmFolder.resolve("delta.qcow2");
        ChainOperations.createOverlay(base, overlay, root);
        return overlay;
    }
}
