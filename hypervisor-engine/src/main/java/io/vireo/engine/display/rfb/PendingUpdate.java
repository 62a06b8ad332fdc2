package io.vireo.engine.display.rfb;

import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.rfb.encoding.PixelFormat;

/**
 * What a session's next FramebufferUpdate must carry: the rectangle the guest's flushes dirtied, the
 * pseudo-rectangles that are due, and the client's pixel format and encodings. The reader (client
 * messages), the guest (as a {@link Framebuffer.Listener}) and the writer meet here under this object's
 * lock; the writer {@linkplain #take() takes} an update once the client asked and something is due, so
 * the guest's flushes only grow a rectangle and never wait for a slow client.
 */
final class PendingUpdate implements Framebuffer.Listener {
    private PixelFormat format = PixelFormat.DEFAULT;
    private EncodingPreferences encodings = EncodingPreferences.NONE;
    private boolean requested;
    private boolean resized;
    private boolean announceSize;
    private int sizeReplyStatus = UpdateSender.Update.NO_REPLY;
    private boolean cursorDue;
    private boolean keyEventsAckDue;
    private boolean refresh;
    // The dirty rectangle [x0, x1) x [y0, y1); empty when x0 >= x1 or y0 >= y1.
    private int x0, y0, x1, y1;
    private boolean closed;

    synchronized void format(PixelFormat f) {
        format = f;
    }

    /** New encodings; the pseudo-encodings the client has just started to list get their first rectangle. */
    synchronized void encodings(EncodingPreferences e) {
        announceSize |= newlyListed(e, EncodingPreferences.EXTENDED_DESKTOP_SIZE);
        cursorDue |= newlyListed(e, EncodingPreferences.CURSOR);
        keyEventsAckDue |= newlyListed(e, EncodingPreferences.QEMU_EXTENDED_KEY);
        encodings = e;
    }

    private boolean newlyListed(EncodingPreferences e, int encoding) {
        return e.has(encoding) && !encodings.has(encoding);
    }

    /** FramebufferUpdateRequest: a non-incremental one asks for its rectangle whether it changed or not. */
    synchronized void request(boolean incremental, int x, int y, int w, int h) {
        if (!incremental) {
            grow(x, y, x + w, y + h);
            refresh = true;
        }
        requested = true;
        notifyAll();
    }

    /** The answer to the client's SetDesktopSize, sent with the next update. */
    synchronized void sizeReply(int status) {
        sizeReplyStatus = status;
        notifyAll();
    }

    @Override
    public synchronized void damaged(int x, int y, int w, int h) {
        grow(x, y, x + w, y + h);
        notifyAll();
    }

    @Override
    public synchronized void resized(int width, int height) {
        resized = true;
        grow(0, 0, width, height);
        notifyAll();
    }

    @Override
    public synchronized void cursorChanged() {
        cursorDue = true;
        notifyAll();
    }

    private void grow(int ax, int ay, int bx, int by) {
        if (x0 >= x1 || y0 >= y1) {
            x0 = ax;
            y0 = ay;
            x1 = bx;
            y1 = by;
        } else {
            x0 = Math.min(x0, ax);
            y0 = Math.min(y0, ay);
            x1 = Math.max(x1, bx);
            y1 = Math.max(y1, by);
        }
    }

    private boolean due() {
        boolean dirty = x0 < x1 && y0 < y1;
        boolean pseudo = resized || announceSize || cursorDue || keyEventsAckDue
                || sizeReplyStatus != UpdateSender.Update.NO_REPLY;
        return requested && (dirty || pseudo);
    }

    /** Waits until an update is due and takes it, leaving nothing pending; null once closed. */
    synchronized UpdateSender.Update take() throws InterruptedException {
        while (!closed && !due()) {
            wait();
        }
        if (closed) {
            return null;
        }
        UpdateSender.Update update = new UpdateSender.Update(format, encodings, resized, announceSize,
                sizeReplyStatus, cursorDue && encodings.has(EncodingPreferences.CURSOR),
                keyEventsAckDue && encodings.has(EncodingPreferences.QEMU_EXTENDED_KEY), refresh, x0, y0, x1, y1);
        requested = resized = announceSize = cursorDue = keyEventsAckDue = refresh = false;
        sizeReplyStatus = UpdateSender.Update.NO_REPLY;
        x0 = x1 = y0 = y1 = 0;
        return update;
    }

    /** Wakes the writer for good. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
