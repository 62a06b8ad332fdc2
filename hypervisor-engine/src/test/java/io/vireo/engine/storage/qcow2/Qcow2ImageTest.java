package io.vireo.engine.storage.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.storage.Allocation;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.Disks;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.QemuImg;
import io.vireo.engine.storage.chain.DiskChain;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class Qcow2ImageTest {
    @TempDir
    Path dir;
    private Path image;

    @BeforeEach
    void emptyImage() throws Exception {
        image = dir.resolve("disk.qcow2");
        Qcow2Creator.create(image, 8 << 20, 16, Optional.empty(), Optional.empty());
    }

    @Test
    void directBuffersFromGuestMemoryWorkLikeHeapBuffers() throws Exception {
        byte[] data = new byte[200_000];
        new Random(1).nextBytes(data);
        try (DiskImage disk = DiskChain.open(image, false)) {
            ByteBuffer src = ByteBuffer.allocateDirect(data.length).put(data).flip();
            disk.write(70_001, src.asReadOnlyBuffer());
            ByteBuffer dst = ByteBuffer.allocateDirect(data.length);
            disk.read(70_001, dst);
            byte[] back = new byte[data.length];
            dst.flip().get(back);
            assertThat(back).isEqualTo(data);
        }
    }

    @Test
    void flushFromAnotherThreadWhileWritingLosesNothing() throws Exception {
        byte[] model = new byte[8 << 20];
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (DiskImage disk = DiskChain.open(image, false)) {
            Thread flusher = Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    try {
                        disk.flush();
                    } catch (Throwable t) {
                        failure.set(t);
                        return;
                    }
                }
            });
            Random rnd = new Random(2);
            for (int i = 0; i < 300; i++) {
                byte[] chunk = new byte[1 + rnd.nextInt(100_000)];
                rnd.nextBytes(chunk);
                int off = rnd.nextInt(model.length - chunk.length);
                disk.write(off, ByteBuffer.wrap(chunk));
                System.arraycopy(chunk, 0, model, off, chunk.length);
            }
            done.set(true);
            flusher.join();
        }
        assertThat(failure.get()).isNull();
        QemuImg.assertCheckClean(image);
        assertThat(Disks.readAll(image)).isEqualTo(model);
    }

    @Test
    void allocationMapTellsDataZerosAndHoles() throws Exception {
        try (DiskImage disk = DiskChain.open(image, false)) {
            disk.write(0, ByteBuffer.allocate(65536).put(0, (byte) 1));
            disk.writeZeroes(65536, 65536);
            assertThat(disk.allocation(0)).isEqualTo(new Allocation(Allocation.Kind.DATA, 65536));
            assertThat(disk.allocation(65536).kind()).isEqualTo(Allocation.Kind.BACKING);
            assertThat(disk.allocation(1 << 20)).isEqualTo(new Allocation(Allocation.Kind.BACKING, 7 << 20));
        }
    }

    @Test
    void readOnlyImagesRefuseWritesAndRangesAreChecked() throws Exception {
        try (DiskImage disk = DiskChain.open(image, true)) {
            assertThat(disk.readOnly()).isTrue();
            assertThatThrownBy(() -> disk.write(0, ByteBuffer.allocate(512)))
                    .isInstanceOf(ImageException.class).hasMessageContaining("read-only");
            assertThatThrownBy(() -> disk.read(disk.size() - 100, ByteBuffer.allocate(512)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anImageHasAtMostOneWriter() throws Exception {
        try (DiskImage first = DiskChain.open(image, false)) {
            assertThatThrownBy(() -> DiskChain.open(image, false))
                    .isInstanceOf(ImageException.class).hasMessageContaining("already open for writing");
            try (DiskImage reader = DiskChain.open(image, true)) {
                assertThat(reader.size()).isEqualTo(first.size());
            }
        }
        DiskChain.open(image, false).close();
    }

    @Test
    void shrinkingIsRefused() {
        assertThatThrownBy(() -> io.vireo.engine.storage.chain.ChainOperations.grow(image, 1 << 20))
                .isInstanceOf(ImageException.class).hasMessageContaining("shrinking");
    }
}
