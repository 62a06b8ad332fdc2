package io.vireo.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A directory for image fuzz targets: the image under test (its format is declared, never probed, so one
 * name serves every format) beside a raw file a hostile image may name as its backing and a neighbour it
 * has no business with. After every input, both are unchanged and no
 * other file has appeared.
 */
final class ImageFiles implements AutoCloseable {
    static final String BACKING = "backing.raw";
    private final Path dir;
    private final Path image;
    private final byte[] backing = new byte[64 << 10];
    private final byte[] neighbour = new byte[4096];

    ImageFiles() throws IOException {
        dir = Files.createTempDirectory("vireo-image-fuzz");
        image = dir.resolve("fuzz.image");
        Random random = new Random(11);
        random.nextBytes(backing);
        random.nextBytes(neighbour);
        Files.write(dir.resolve(BACKING), backing);
        Files.write(dir.resolve("neighbour.bin"), neighbour);
    }

    /** Writes the fuzz input as the image file and returns its path. */
    Path image(byte[] bytes) throws IOException {
        return Files.write(image, bytes);
    }

    /** Reads 16 KiB at the start, the middle and the end of a disk, where each fits. */
    static void readAround(DiskImage d) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16 << 10);
        for (long at : new long[] {0, 12345, d.size() / 2, d.size() - buffer.capacity()}) {
            if (at >= 0 && at + buffer.capacity() <= d.size()) {
                d.read(at, buffer.clear());
            }
        }
    }

    void assertOnlyTheImageChanged() throws IOException {
        assertThat(Arrays.equals(Files.readAllBytes(dir.resolve(BACKING)), backing)).as("backing file unchanged").isTrue();
        assertThat(Arrays.equals(Files.readAllBytes(dir.resolve("neighbour.bin")), neighbour)).as("neighbour unchanged").isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(BACKING, "neighbour.bin", image.getFileName().toString());
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
