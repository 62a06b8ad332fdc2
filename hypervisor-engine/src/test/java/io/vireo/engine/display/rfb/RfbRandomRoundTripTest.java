package io.vireo.engine.display.rfb;

import io.vireo.engine.display.InputSink;
import io.vireo.engine.display.rfb.encoding.PixelFormat;
import io.vireo.engine.testing.FakeScreen;
import io.vireo.engine.testing.rfb.RfbClient;
import io.vireo.engine.testing.rfb.RfbPipes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random screens and random damage (painted areas, scrolls, flushes wider than the change, refresh
 * requests) through every encoder, decoded by the test client and compared pixel by pixel after each
 * update; Tight with JPEG within a stated error. Screen sizes are odd, so tiles and bands end short.
 * A failure names the seed and the step, which replay it exactly.
 */
class RfbRandomRoundTripTest {
    private static final int STEPS = 40, SEEDS = 3;
    private static final int JPEG_QUALITY_9 = -23;
    /** Mean error per channel allowed for JPEG, on a 0..255 scale, over the whole screen. */
    private static final double JPEG_MEAN_ERROR = 6;

    private static final PixelFormat RGB32 = PixelFormat.DEFAULT;
    private static final PixelFormat BGR32_BIG_ENDIAN = new PixelFormat(32, 24, true, 255, 255, 255, 0, 8, 16);
    private static final PixelFormat RGB565 = new PixelFormat(16, 16, false, 31, 63, 31, 11, 5, 0);
    private static final PixelFormat BGR233 = new PixelFormat(8, 8, false, 7, 7, 3, 0, 3, 6);

    private record Cell(String name, int[] encodings, boolean lossy) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cells() {
        Stream<Cell> lossless = Stream.of(
                new Cell("Raw", new int[] {RfbClient.RAW}, false),
                new Cell("CopyRect+Raw", new int[] {RfbClient.COPY_RECT, RfbClient.RAW}, false),
                new Cell("Hextile", new int[] {RfbClient.HEXTILE}, false),
                new Cell("CopyRect+Hextile", new int[] {RfbClient.COPY_RECT, RfbClient.HEXTILE}, false),
                new Cell("Zlib", new int[] {RfbClient.ZLIB, -250}, false),
                new Cell("ZRLE", new int[] {RfbClient.ZRLE}, false),
                new Cell("CopyRect+ZRLE+LastRect", new int[] {RfbClient.COPY_RECT, RfbClient.ZRLE, RfbClient.LAST_RECT}, false),
                new Cell("Tight", new int[] {RfbClient.TIGHT}, false));
        Stream<Arguments> exact = lossless.flatMap(c -> Stream.of(RGB32, BGR32_BIG_ENDIAN, RGB565, BGR233)
                .flatMap(f -> IntStream.range(0, SEEDS).mapToObj(seed -> Arguments.of(c, f, seed))));
        Stream<Arguments> jpeg = IntStream.range(0, SEEDS).mapToObj(seed -> Arguments.of(
                new Cell("Tight+JPEG", new int[] {RfbClient.TIGHT, JPEG_QUALITY_9, RfbClient.LAST_RECT}, true), RGB32, seed));
        return Stream.concat(exact, jpeg);
    }

    @ParameterizedTest(name = "{0}, {1}, seed {2}")
    @MethodSource("cells")
    void randomDamageRoundTrips(Cell cell, PixelFormat format, int seed) throws Exception {
        Random random = new Random(seed * 7919L + cell.name().hashCode());
        int width = 33 + random.nextInt(160), height = 17 + random.nextInt(120);
        FakeScreen screen = new FakeScreen(width, height);
        paint(screen, random, 0, 0, width, height);
        try (RfbPipes pipes = new RfbPipes(new RfbServer(screen, InputSink.NONE),
                new RfbSession.Options(false, Optional.empty()))) {
            RfbClient client = pipes.client();
            client.handshake();
            client.setPixelFormat(format);
            client.setEncodings(cell.encodings());
            client.request(false, 0, 0, width, height);
            client.readUpdate();
            assertShows(screen, client, format, cell, "seed " + seed + ", first update");
            for (int step = 0; step < STEPS; step++) {
                damage(screen, client, random, width, height);
                client.readUpdate();
                assertShows(screen, client, format, cell, "seed " + seed + ", step " + step);
            }
        }
    }

    /**
     * One random change, flushed over an area at least as large after the client asked for an update,
     * or a non-incremental request for an area; either way exactly one update answers it.
     */
    private static void damage(FakeScreen screen, RfbClient client, Random random, int width, int height) throws Exception {
        int x = random.nextInt(width), y = random.nextInt(height);
        int w = 1 + random.nextInt(width - x), h = 1 + random.nextInt(height - y);
        int kind = random.nextInt(10);
        if (kind < 5) {
            paint(screen, random, x, y, w, h);
        } else if (kind < 8 && h > 1) {
            scroll(screen, random, x, y, w, h);
        }
        if (kind == 9) {
            // a refresh: the client lost its picture; no flush, so no damage is left for the next step
            client.request(false, x, y, w, h);
            return;
        }
        client.request(true, 0, 0, width, height);
        if (random.nextBoolean()) {
            screen.flush(x, y, w, h);
        } else {
            screen.flush(0, 0, width, height);
        }
    }

    /** Fills an area with one of the kinds of content encoders tell apart. */
    private static void paint(FakeScreen screen, Random random, int x, int y, int w, int h) {
        int kind = random.nextInt(5);
        int[] colours = IntStream.range(0, 2 + random.nextInt(kind == 2 ? 200 : 3)).map(i -> random.nextInt(1 << 24)).toArray();
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                int rgb = switch (kind) {
                    case 0 -> colours[0];
                    case 1, 2 -> colours[random.nextInt(colours.length)];
                    case 3 -> ((i - x) * 255 / w) << 16 | ((j - y) * 255 / h) << 8 | (i + j) & 0xFF;
                    default -> (i / 3 + j) % 5 == 0 ? colours[1] : colours[0];
                };
                screen.set(i, j, rgb);
            }
        }
    }

    /** Moves the area's rows up or down by a random distance, as a console scrolls. */
    private static void scroll(FakeScreen screen, Random random, int x, int y, int w, int h) {
        int by = 1 + random.nextInt(h - 1);
        boolean up = random.nextBoolean();
        int[] p = screen.pixels(), copy = p.clone();
        int width = screen.width();
        for (int j = 0; j < h - by; j++) {
            int from = up ? y + j + by : y + j, to = up ? y + j : y + j + by;
            System.arraycopy(copy, from * width + x, p, to * width + x, w);
        }
    }

    private static void assertShows(FakeScreen screen, RfbClient client, PixelFormat format, Cell cell, String where) {
        int[] expected = screen.pixels(), got = client.pixels();
        if (cell.lossy()) {
            long error = 0;
            for (int i = 0; i < expected.length; i++) {
                for (int shift = 0; shift < 24; shift += 8) {
                    error += Math.abs((expected[i] >>> shift & 0xFF) - (got[i] >>> shift & 0xFF));
                }
            }
            assertThat(error / (3.0 * expected.length)).as("%s, %s: mean error per channel", cell, where)
                    .isLessThan(JPEG_MEAN_ERROR);
            return;
        }
        for (int i = 0; i < expected.length; i++) {
            if (got[i] != format.pack(expected[i])) {
                throw new AssertionError(cell + ", " + format + ", " + where + ": pixel (" + i % screen.width() + ","
                        + i / screen.width() + ") expected " + Integer.toHexString(format.pack(expected[i]))
                        + ", got " + Integer.toHexString(got[i]) + "; " + Arrays.stream(got).filter(v -> v != 0).count()
                        + " non-zero pixels");
            }
        }
    }
}
