package io.vireo.engine.display.rfb;

import io.vireo.engine.display.CursorImage;
import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.rfb.encoding.CopyRectEncoder;
import io.vireo.engine.display.rfb.encoding.Encoder;
import io.vireo.engine.display.rfb.encoding.Frame;
import io.vireo.engine.display.rfb.encoding.HextileEncoder;
import io.vireo.engine.display.rfb.encoding.PayloadBuffer;
import io.vireo.engine.display.rfb.encoding.PixelFormat;
import io.vireo.engine.display.rfb.encoding.RawEncoder;
import io.vireo.engine.display.rfb.encoding.ScrollDetector;
import io.vireo.engine.display.rfb.encoding.TightEncoder;
import io.vireo.engine.display.rfb.encoding.ZlibEncoder;
import io.vireo.engine.display.rfb.encoding.ZrleEncoder;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * The writer side of a session: reads the damaged rectangle from the guest's screen and sends it with
 * the client's preferred encoding, after the pseudo-rectangles that are due. It remembers the frame
 * the client shows, to send a scroll as CopyRect and to skip what did not change. Only the session's
 * writer thread uses it.
 */
final class UpdateSender {
    /**
     * What one update must carry, as the session's reader collected it; {@code refresh} when the client
     * sent a non-incremental request, which says it lost what it showed.
     */
    record Update(PixelFormat format, EncodingPreferences encodings, boolean resized, boolean announceSize,
                  int sizeReplyStatus, boolean cursor, boolean keyEventsAck, boolean refresh,
                  int x0, int y0, int x1, int y1) {
        static final int NO_REPLY = -1;
    }

    /** Rows per band when looking for what really changed: a text line is 16 pixels high. */
    private static final int BAND = 16;

    private final Framebuffer screen;
    private final UpdateWriter writer;
    private final RawEncoder raw = new RawEncoder();
    private final HextileEncoder hextile = new HextileEncoder();
    private ZlibEncoder zlib;
    private ZrleEncoder zrle;
    private TightEncoder tight;
    private Frame now = new Frame(0, 0);
    private Frame shown;
    private int[] scratch = new int[0];
    // The screen size the client was last told (ServerInit or a size rectangle): it drops a rectangle beyond it.
    private int clientWidth, clientHeight;
    private volatile Statistics statistics = new Statistics(0, 0, 0);

    /** Updates sent, their bytes, and the time spent reading the screen and encoding (not waiting on the client). */
    record Statistics(long updates, long bytes, long encodeNanos) {
    }

    UpdateSender(Framebuffer screen, OutputStream out) {
        this.screen = screen;
        this.writer = new UpdateWriter(out);
    }

    /** The size ServerInit announced; set before the first update. */
    void clientSize(int width, int height) {
        clientWidth = width;
        clientHeight = height;
    }

    Statistics statistics() {
        return statistics;
    }

    void send(Update u) throws IOException {
        long start = System.nanoTime(), waited = writer.writeNanos();
        encodeAndSend(u);
        long encode = System.nanoTime() - start - (writer.writeNanos() - waited);
        Statistics s = statistics;
        statistics = new Statistics(s.updates() + 1, writer.bytes(), s.encodeNanos() + encode);
    }

    private void encodeAndSend(Update u) throws IOException {
        int x, y, w, h;
        synchronized (screen.lock()) {
            int width = screen.width(), height = screen.height();
            if (width != now.width() || height != now.height()) {
                now = new Frame(width, height);
                shown = null;
            }
            // A client may ask for any rectangle; what is handed to the screen must start on it.
            x = Math.clamp(u.x0(), 0, width);
            y = Math.clamp(u.y0(), 0, height);
            w = Math.max(0, Math.min(u.x1(), width) - x);
            h = Math.max(0, Math.min(u.y1(), height) - y);
            if (scratch.length < w * h) {
                scratch = new int[w * h];
            }
            screen.copy(x, y, w, h, scratch);
        }
        now.paste(x, y, w, h, scratch);
        EncodingPreferences encodings = u.encodings();
        writer.begin(encodings.has(EncodingPreferences.LAST_RECT));
        sizeRectangle(u);
        if (u.keyEventsAck()) {
            writer.rect(0, 0, 0, 0, EncodingPreferences.QEMU_EXTENDED_KEY);
        }
        if (u.cursor()) {
            CursorImage c = screen.cursor().orElse(CursorRectangle.ARROW);
            CursorRectangle.encode(c, u.format(),
                    writer.rect(c.hotX(), c.hotY(), c.width(), c.height(), EncodingPreferences.CURSOR));
        }
        // A client that takes no size rectangle still has the old size: TightVNC and libvncclient hang up
        // on a rectangle that reaches beyond it, so it is sent what fits.
        w = Math.max(0, Math.min(w, clientWidth - x));
        h = Math.max(0, Math.min(h, clientHeight - y));
        if (w > 0 && h > 0) {
            pixels(u, x, y, w, h);
        }
        writer.end();
        remember(x, y, w, h);
    }

    /** ExtendedDesktopSize when the client takes it (reason 1 answers its SetDesktopSize), else DesktopSize. */
    private void sizeRectangle(Update u) throws IOException {
        EncodingPreferences e = u.encodings();
        int width = now.width(), height = now.height();
        boolean replying = u.sizeReplyStatus() != Update.NO_REPLY;
        if (e.has(EncodingPreferences.EXTENDED_DESKTOP_SIZE) && (u.resized() || u.announceSize() || replying)) {
            PayloadBuffer b = writer.rect(replying ? 1 : 0, replying ? u.sizeReplyStatus() : 0, width, height,
                    EncodingPreferences.EXTENDED_DESKTOP_SIZE);
            b.put(1).put(0).putShort(0);
            b.putInt(0).putShort(0).putShort(0).putShort(width).putShort(height).putInt(0);
            clientSize(width, height);
        } else if (u.resized() && e.has(EncodingPreferences.DESKTOP_SIZE)) {
            writer.rect(0, 0, width, height, EncodingPreferences.DESKTOP_SIZE);
            clientSize(width, height);
        }
    }

    /**
     * Sends the damaged rectangle. Once the client has the whole screen, a scroll goes first as
     * CopyRect (if the client takes it), and of the rest only the bands whose pixels differ from what
     * the client then shows: a guest that redraws its whole console for one new line changes far less.
     * A non-incremental request gets the whole rectangle: the client said it lost its picture.
     */
    private void pixels(Update u, int x, int y, int w, int h) throws IOException {
        Encoder encoder = encoder(u.encodings());
        if (shown == null || u.refresh()) {
            encodeSplit(encoder, u.format(), x, y, w, h);
            return;
        }
        if (u.encodings().copyRect()) {
            Optional<ScrollDetector.Scroll> scroll = ScrollDetector.find(shown, now, x, y, w, h);
            if (scroll.isPresent()) {
                ScrollDetector.Scroll s = scroll.get();
                encode(new CopyRectEncoder(x, s.srcY()), u.format(), x, s.dstY(), w, s.rows());
                shown.moveRows(x, w, s.srcY(), s.dstY(), s.rows());
            }
        }
        for (int by = y; by < y + h; by += BAND) {
            int bh = Math.min(BAND, y + h - by);
            int[] columns = changedColumns(x, by, w, bh);
            if (columns != null) {
                encodeSplit(encoder, u.format(), columns[0], by, columns[1] - columns[0], bh);
            }
        }
    }

    /** The columns {@code [from, to)} in which a band differs from what the client shows, or null if it does not. */
    private int[] changedColumns(int x, int y, int w, int h) {
        int from = x + w, to = x;
        int[] a = now.pixels(), b = shown.pixels();
        for (int j = y; j < y + h; j++) {
            int row = j * now.width();
            int first = Arrays.mismatch(a, row + x, row + x + w, b, row + x, row + x + w);
            if (first < 0) {
                continue;
            }
            int last = w - 1;
            while (a[row + x + last] == b[row + x + last]) {
                last--;
            }
            from = Math.min(from, x + first);
            to = Math.max(to, x + last + 1);
        }
        return from < to ? new int[] {from, to} : null;
    }

    /** Splits a rectangle into the encoder's largest pieces: columns no wider than it takes, then bands. */
    private void encodeSplit(Encoder encoder, PixelFormat format, int x, int y, int w, int h) throws IOException {
        int cw;
        for (int cx = x; cx < x + w; cx += cw) {
            cw = Math.min(encoder.maxWidth(), x + w - cx);
            int rows = Math.max(1, encoder.maxPixels() / cw), ch;
            for (int cy = y; cy < y + h; cy += ch) {
                ch = Math.min(rows, y + h - cy);
                encode(encoder, format, cx, cy, cw, ch);
            }
        }
    }

    private void encode(Encoder encoder, PixelFormat format, int x, int y, int w, int h) throws IOException {
        encoder.encode(now, x, y, w, h, format, writer.rect(x, y, w, h, encoder.type()));
    }

    /** One encoder of each kind per session: Zlib's, ZRLE's and Tight's zlib streams must last as long as the client's. */
    private Encoder encoder(EncodingPreferences encodings) {
        return switch (encodings.pixelEncoding()) {
            case HextileEncoder.TYPE -> hextile;
            case ZlibEncoder.TYPE -> {
                if (zlib == null) {
                    zlib = new ZlibEncoder(encodings.compressionLevel());
                }
                yield zlib;
            }
            case ZrleEncoder.TYPE -> {
                if (zrle == null) {
                    zrle = new ZrleEncoder(encodings.compressionLevel());
                }
                yield zrle;
            }
            case TightEncoder.TYPE -> {
                if (tight == null) {
                    tight = new TightEncoder(encodings.compressionLevel());
                }
                tight.jpegQuality(encodings.jpegQuality());
                yield tight;
            }
            default -> raw;
        };
    }

    /** The client now shows what was sent; until it has had the whole screen once, nothing is known of it. */
    private void remember(int x, int y, int w, int h) {
        if (shown != null) {
            shown.copyFrom(now, x, y, w, h);
        } else if (x == 0 && y == 0 && w == now.width() && h == now.height() && w > 0 && h > 0) {
            shown = new Frame(w, h, now.pixels().clone());
        }
    }
}
