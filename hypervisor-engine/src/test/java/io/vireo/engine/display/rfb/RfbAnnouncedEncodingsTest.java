package io.vireo.engine.display.rfb;

import io.vireo.engine.display.CursorImage;
import io.vireo.engine.display.InputSink;
import io.vireo.engine.testing.FakeScreen;
import io.vireo.engine.testing.rfb.RfbClient;
import io.vireo.engine.testing.rfb.RfbPipes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server sends a client only what it announced (TightVNC 1.3 and libvncclient skip a zero-size
 * rectangle of an encoding they do not know without reading its payload, and hang up on a rectangle
 * beyond the screen they know): pseudo-rectangles only for listed pseudo-encodings, pixel rectangles
 * of a non-zero size inside the client's screen, and an exact count when LastRect is not listed.
 */
class RfbAnnouncedEncodingsTest {
    private static final int W = 160, H = 120;

    private final FakeScreen screen = FakeScreen.noise(W, H);
    private RfbPipes pipes;
    private RfbClient client;

    @AfterEach
    void close() throws Exception {
        pipes.close();
    }

    private void connect(int... encodings) throws Exception {
        pipes = new RfbPipes(new RfbServer(screen, InputSink.NONE), new RfbSession.Options(false, Optional.empty()));
        client = pipes.client();
        client.handshake();
        client.setEncodings(encodings);
    }

    /** Every rectangle is a listed encoding (or Raw), of a non-zero size, inside {@code width x height}. */
    private static void assertOnlyAnnounced(List<RfbClient.Rect> rects, int width, int height, int... listed) {
        for (RfbClient.Rect r : rects) {
            assertThat(r.encoding()).as("encoding of %s", r).isIn(listedOrRaw(listed));
            assertThat(r.w() * r.h()).as("size of %s", r).isPositive();
            assertThat(r.x() + r.w() <= width && r.y() + r.h() <= height).as("%s inside %dx%d", r, width, height).isTrue();
        }
    }

    private static List<Integer> listedOrRaw(int... listed) {
        List<Integer> all = new ArrayList<>(List.of(RfbClient.RAW));
        for (int e : listed) {
            all.add(e);
        }
        return all;
    }

    @Test
    void aTightOnlyClientGetsNoPseudoRectangleWhateverTheGuestDoes() throws Exception {
        connect(RfbClient.TIGHT, -23);
        client.request(false, 0, 0, W, H);
        assertOnlyAnnounced(client.readUpdate().rects(), W, H, RfbClient.TIGHT);

        client.request(true, 0, 0, W, H);
        screen.setCursor(new CursorImage(1, 1, 0, 0, new int[] {0xFF000000}));
        screen.set(5, 5, 0xFFFFFF);
        screen.flush(5, 5, 1, 1);
        assertOnlyAnnounced(client.readUpdate().rects(), W, H, RfbClient.TIGHT);
    }

    @Test
    void aClientThatTakesNoSizeRectangleIsSentOnlyWhatFitsTheScreenItKnows() throws Exception {
        connect(RfbClient.TIGHT);
        client.request(false, 0, 0, W, H);
        client.readUpdate();

        client.request(true, 0, 0, W, H);
        screen.resize(2 * W, 2 * H);
        screen.set(W + 10, H + 10, 0xFFFFFF);
        screen.set(10, 10, 0xFFFFFF);
        screen.flush(0, 0, 2 * W, 2 * H);
        List<RfbClient.Rect> rects = client.readUpdate().rects();
        assertThat(rects).isNotEmpty();
        assertOnlyAnnounced(rects, W, H, RfbClient.TIGHT);
    }

    @Test
    void aClientThatTakesDesktopSizeGetsTheNewScreenWhole() throws Exception {
        connect(RfbClient.RAW, RfbClient.DESKTOP_SIZE);
        client.request(false, 0, 0, W, H);
        client.readUpdate();

        client.request(true, 0, 0, W, H);
        screen.resize(2 * W, 2 * H);
        List<RfbClient.Rect> rects = client.readUpdate().rects();
        assertThat(rects.getFirst()).isEqualTo(new RfbClient.Rect(0, 0, 2 * W, 2 * H, RfbClient.DESKTOP_SIZE));
        assertThat(rects.subList(1, rects.size())).allMatch(r -> r.encoding() == RfbClient.RAW)
                .extracting(r -> r.w() * r.h()).asList().contains(4 * W * H);
    }

    @Test
    void withoutLastRectTheCountIsExactEvenForManyBands() throws Exception {
        connect(RfbClient.TIGHT);
        client.request(false, 0, 0, W, H);
        RfbClient.Update update = client.readUpdate();
        assertThat(update.count()).as("the count in the header").isEqualTo(update.rects().size());
        assertThat(update.rects()).noneMatch(r -> r.encoding() == RfbClient.LAST_RECT);
    }

    @Test
    void aPseudoEncodingListedLaterGetsItsFirstRectangleThen() throws Exception {
        connect(RfbClient.RAW);
        client.request(false, 0, 0, 1, 1);
        assertOnlyAnnounced(client.readUpdate().rects(), W, H);
        client.setEncodings(RfbClient.RAW, RfbClient.CURSOR);
        client.request(false, 0, 0, 1, 1);
        assertThat(client.readUpdate().rects()).extracting(RfbClient.Rect::encoding)
                .containsExactly(RfbClient.CURSOR, RfbClient.RAW);
    }
}
