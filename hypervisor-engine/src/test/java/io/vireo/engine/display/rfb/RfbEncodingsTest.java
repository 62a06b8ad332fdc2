package io.vireo.engine.display.rfb;

import io.vireo.engine.display.CursorImage;
import io.vireo.engine.display.InputSink;
import io.vireo.engine.display.rfb.encoding.PixelFormat;
import io.vireo.engine.testing.FakeScreen;
import io.vireo.engine.testing.rfb.RfbClient;
import io.vireo.engine.testing.rfb.RfbPipes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every encoding, decoded by a client, reproduces the guest's pixels in every pixel format a client may ask for. */
class RfbEncodingsTest {
    private static final int W = 200, H = 150;
    private static final PixelFormat RGB32 = PixelFormat.DEFAULT;
    private static final PixelFormat BGR32_BIG_ENDIAN = new PixelFormat(32, 24, true, 255, 255, 255, 0, 8, 16);
    private static final PixelFormat RGB565 = new PixelFormat(16, 16, false, 31, 63, 31, 11, 5, 0);
    private static final PixelFormat BGR233 = new PixelFormat(8, 8, false, 7, 7, 3, 0, 3, 6);

    private final FakeScreen screen = new FakeScreen(W, H);
    private RfbPipes pipes;
    private RfbClient client;

    @AfterEach
    void close() throws Exception {
        pipes.close();
    }

    /**
     * A screen with every kind of content the encoders tell apart: a solid area, two-colour text, a
     * few colours, a smooth gradient of many colours, and noise.
     */
    private void paint() {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int rgb;
                if (y < 40) {
                    rgb = 0x203040;
                } else if (y < 80) {
                    rgb = ((x / 3 + y) % 7 == 0) ? 0xE0E0E0 : 0x000000;
                } else if (y < 100) {
                    rgb = new int[] {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0x00FFFF}[(x / 5 + y) % 5];
                } else if (x < 150) {
                    rgb = (x * 255 / 150) << 16 | ((y - 100) * 5) << 8 | (x + y) / 2;
                } else {
                    rgb = (int) ((x * 31 + y * 17) * 2654435761L & 0xFFFFFF);
                }
                screen.set(x, y, rgb);
            }
        }
    }

    private void connect(PixelFormat format, int... encodings) throws Exception {
        paint();
        pipes = new RfbPipes(new RfbServer(screen, InputSink.NONE), new RfbSession.Options(false, Optional.empty()));
        client = pipes.client();
        assertThat(client.handshake()).containsExactly(W, H);
        client.setPixelFormat(format);
        client.setEncodings(encodings);
    }

    private void assertShowsScreen(PixelFormat format) {
        int[] expected = screen.pixels();
        int[] got = client.pixels();
        for (int i = 0; i < expected.length; i++) {
            if (got[i] != format.pack(expected[i])) {
                throw new AssertionError("pixel (" + i % W + "," + i / W + "): expected "
                        + Integer.toHexString(format.pack(expected[i])) + ", got " + Integer.toHexString(got[i]));
            }
        }
    }

    /** The encodings of the rectangles that answer a non-incremental request for the whole screen. */
    private List<Integer> encodingsOfAFullScreen() throws Exception {
        client.request(false, 0, 0, W, H);
        return client.readUpdate().rects().stream().map(RfbClient.Rect::encoding).toList();
    }

    static Stream<Arguments> encodingsAndFormats() {
        return Stream.of(RfbClient.RAW, RfbClient.HEXTILE, RfbClient.ZLIB, RfbClient.ZRLE, RfbClient.TIGHT).flatMap(e ->
                Stream.of(RGB32, BGR32_BIG_ENDIAN, RGB565, BGR233).map(f -> Arguments.of(e, f)));
    }

    @ParameterizedTest(name = "encoding {0}, {1}")
    @MethodSource("encodingsAndFormats")
    void aFullUpdateAndThenAFlushedRectangleRoundTrip(int encoding, PixelFormat format) throws Exception {
        connect(format, encoding);
        client.request(false, 0, 0, W, H);
        RfbClient.Update first = client.readUpdate();
        assertThat(first.rects()).allMatch(r -> r.encoding() == encoding);
        assertShowsScreen(format);

        for (int y = 30; y < 120; y++) {
            for (int x = 10; x < 70; x++) {
                screen.set(x, y, (x * y) % 3 == 0 ? 0xFFFFFF : 0x102030);
            }
        }
        client.request(true, 0, 0, W, H);
        screen.flush(10, 30, 60, 90);
        RfbClient.Update second = client.readUpdate();
        assertThat(second.rects()).allMatch(r -> r.x() >= 10 && r.x() + r.w() <= 70 && r.y() >= 30 && r.y() + r.h() <= 120);
        assertShowsScreen(format);
        assertThat(second.bytes()).as("the second update is only the flushed part").isLessThan(first.bytes());
    }

    @Test
    void aScrolledScreenTravelsAsCopyRectPlusTheNewLine() throws Exception {
        connect(RGB32, RfbClient.COPY_RECT, RfbClient.ZRLE);
        client.request(false, 0, 0, W, H);
        client.readUpdate();
        int[] before = screen.pixels().clone();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                screen.set(x, y, y + 16 < H ? before[(y + 16) * W + x] : 0x00AA00);
            }
        }
        client.request(true, 0, 0, W, H);
        screen.flush(0, 0, W, H);
        RfbClient.Update scroll = client.readUpdate();
        assertThat(scroll.rects().getFirst()).isEqualTo(new RfbClient.Rect(0, 0, W, H - 16, RfbClient.COPY_RECT));
        assertThat(scroll.rects()).extracting(RfbClient.Rect::encoding).containsOnly(RfbClient.COPY_RECT, RfbClient.ZRLE);
        assertShowsScreen(RGB32);
    }

    @Test
    void ofAFlushedWholeScreenOnlyTheBandsThatChangedAreSent() throws Exception {
        connect(RGB565, RfbClient.RAW);
        client.request(false, 0, 0, W, H);
        client.readUpdate();
        screen.set(33, 70, 0x00FF00);
        screen.set(40, 71, 0x00FF00);
        client.request(true, 0, 0, W, H);
        screen.flush(0, 0, W, H);
        assertThat(client.readUpdate().rects()).containsExactly(new RfbClient.Rect(33, 64, 8, 16, RfbClient.RAW));
        assertShowsScreen(RGB565);
    }

    @Test
    void tightSendsJpegWhenTheClientNamesAQualityAndItDecodesClose() throws Exception {
        connect(RGB32, RfbClient.TIGHT, -23);
        client.request(false, 100, 100, 50, 50);
        RfbClient.Update update = client.readUpdate();
        assertThat(update.rects()).singleElement().extracting(RfbClient.Rect::encoding).isEqualTo(RfbClient.TIGHT);
        int[] got = client.pixels();
        long error = 0;
        for (int y = 100; y < 150; y++) {
            for (int x = 100; x < 150; x++) {
                int e = screen.pixels()[y * W + x], g = got[y * W + x];
                for (int shift = 0; shift < 24; shift += 8) {
                    error += Math.abs((e >>> shift & 0xFF) - (g >>> shift & 0xFF));
                }
            }
        }
        assertThat(error / (50.0 * 50 * 3)).as("mean error per channel").isLessThan(4);
        assertThat(update.bytes()).as("JPEG is smaller than the raw pixels").isLessThan(50 * 50 * 3);
    }

    @Test
    void withLastRectTheUpdateIsOpenEndedAndClosedByLastRect() throws Exception {
        connect(RGB32, RfbClient.TIGHT, RfbClient.LAST_RECT);
        client.request(false, 0, 0, W, H);
        List<RfbClient.Rect> rects = client.readUpdate().rects();
        assertThat(rects.getLast().encoding()).isEqualTo(RfbClient.LAST_RECT);
        assertShowsScreen(RGB32);
    }

    @Test
    void theClientsFirstListedEncodingWins() throws Exception {
        connect(RGB32, 2, RfbClient.ZRLE, RfbClient.TIGHT, RfbClient.RAW);
        assertThat(encodingsOfAFullScreen()).containsOnly(RfbClient.ZRLE);
    }

    @Test
    void aNonIncrementalRequestGetsTheWholeAreaAgainThoughNothingChanged() throws Exception {
        connect(RGB32, RfbClient.ZRLE);
        client.request(false, 0, 0, W, H);
        client.readUpdate();
        client.request(false, 0, 0, W, H);
        assertThat(client.readUpdate().rects()).extracting(r -> r.w() * r.h())
                .as("pixels sent").asList().containsExactly(W * H);
    }

    @Test
    void aClientListingOnlyEncodingsVireoLacksGetsRaw() throws Exception {
        connect(RGB32, 2, 4, 15, RfbClient.CURSOR);
        assertThat(encodingsOfAFullScreen()).containsOnly(RfbClient.CURSOR, RfbClient.RAW);
        assertShowsScreen(RGB32);
    }

    @Test
    void hextileAndZlibAreChosenInTheClientsOrderToo() throws Exception {
        connect(RGB32, 2, RfbClient.HEXTILE, RfbClient.ZLIB, RfbClient.RAW);
        assertThat(encodingsOfAFullScreen()).containsOnly(RfbClient.HEXTILE);
        client.setEncodings(RfbClient.ZLIB, RfbClient.HEXTILE);
        assertThat(encodingsOfAFullScreen()).containsOnly(RfbClient.ZLIB);
        assertShowsScreen(RGB32);
    }

    @Test
    void aCursorIsSentOnceWhenTheClientDrawsIt() throws Exception {
        connect(RGB32, RfbClient.RAW, RfbClient.CURSOR);
        client.request(false, 0, 0, 1, 1);
        assertThat(client.readUpdate().rects()).extracting(RfbClient.Rect::encoding)
                .containsExactly(RfbClient.CURSOR, RfbClient.RAW);
        client.request(false, 0, 0, 1, 1);
        assertThat(client.readUpdate().rects()).extracting(RfbClient.Rect::encoding).containsExactly(RfbClient.RAW);

        client.request(true, 0, 0, W, H);
        screen.setCursor(new CursorImage(2, 3, 1, 2, new int[] {0xFF000000, 0, 0xFFFFFFFF, 0, 0, 0xFF123456}));
        assertThat(client.readUpdate().rects()).as("the guest's shape and hotspot")
                .containsExactly(new RfbClient.Rect(1, 2, 2, 3, RfbClient.CURSOR));
    }
}
