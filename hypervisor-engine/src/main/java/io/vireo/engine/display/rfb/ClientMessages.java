package io.vireo.engine.display.rfb;

import io.vireo.engine.display.rfb.encoding.PixelFormat;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads client-to-server messages (RFC 6143 §7.5, plus SetDesktopSize and QEMU's extended key event)
 * and hands each to a {@link Handler} as typed values. Every count and length the client sends is
 * checked before anything is read or skipped for it; a message this server does not know, or one out
 * of range, ends the session with an {@link RfbException}. Handing values over rather than building a
 * message object keeps pointer and key events, the most frequent ones, free of allocation.
 */
final class ClientMessages {
    static final int SET_PIXEL_FORMAT = 0, SET_ENCODINGS = 2, UPDATE_REQUEST = 3, KEY_EVENT = 4, POINTER_EVENT = 5,
            CUT_TEXT = 6, SET_DESKTOP_SIZE = 251, QEMU_MESSAGE = 255;
    private static final int QEMU_KEY_EVENT = 0;
    private static final int MAX_CUT_TEXT = 1 << 20, MAX_ENCODINGS = 1024;

    /** What a session does with each message. */
    interface Handler {
        void setPixelFormat(PixelFormat format);

        void setEncodings(EncodingPreferences encodings);

        void updateRequest(boolean incremental, int x, int y, int width, int height);

        /** A key by its keysym, and for QEMU's extended event also its XT code in qnum form (0 otherwise). */
        void key(boolean down, int keysym, int xtCode);

        void pointer(int buttons, int x, int y);

        /** SetDesktopSize: the client wants this size; {@code screens} is how many screens it described. */
        void setDesktopSize(int width, int height, int screens);
    }

    private ClientMessages() {
    }

    /** Reads one message and hands it to {@code handler}. */
    static void readNext(DataInputStream in, Handler handler) throws IOException, RfbException {
        int type = in.readUnsignedByte();
        switch (type) {
            case SET_PIXEL_FORMAT -> handler.setPixelFormat(pixelFormat(in));
            case SET_ENCODINGS -> handler.setEncodings(encodings(in));
            case UPDATE_REQUEST -> {
                boolean incremental = in.readUnsignedByte() != 0;
                int x = in.readUnsignedShort(), y = in.readUnsignedShort();
                int w = in.readUnsignedShort(), h = in.readUnsignedShort();
                handler.updateRequest(incremental, x, y, w, h);
            }
            case KEY_EVENT -> {
                boolean down = in.readUnsignedByte() != 0;
                in.readUnsignedShort();
                handler.key(down, in.readInt(), 0);
            }
            case POINTER_EVENT -> {
                int buttons = in.readUnsignedByte();
                int x = in.readUnsignedShort(), y = in.readUnsignedShort();
                handler.pointer(buttons, x, y);
            }
            case CUT_TEXT -> skipCutText(in);
            case SET_DESKTOP_SIZE -> {
                in.readUnsignedByte();
                int w = in.readUnsignedShort(), h = in.readUnsignedShort();
                int screens = in.readUnsignedByte();
                in.readUnsignedByte();
                in.skipNBytes(16L * screens);
                handler.setDesktopSize(w, h, screens);
            }
            case QEMU_MESSAGE -> {
                int submessage = in.readUnsignedByte();
                if (submessage != QEMU_KEY_EVENT) {
                    throw new RfbException("unknown QEMU client message " + submessage);
                }
                boolean down = in.readUnsignedShort() != 0;
                int keysym = in.readInt();
                handler.key(down, keysym, in.readInt());
            }
            default -> throw new RfbException("unknown client message type " + type);
        }
    }

    /** Three bytes of padding, then the 16-byte format, which must be true colour of a size this server packs. */
    private static PixelFormat pixelFormat(DataInputStream in) throws IOException, RfbException {
        byte[] b = new byte[19];
        in.readFully(b);
        try {
            return PixelFormat.read(ByteBuffer.wrap(b, 3, 16));
        } catch (IllegalArgumentException e) {
            throw new RfbException(e.getMessage());
        }
    }

    private static EncodingPreferences encodings(DataInputStream in) throws IOException, RfbException {
        in.readUnsignedByte();
        int n = in.readUnsignedShort();
        if (n > MAX_ENCODINGS) {
            throw new RfbException(n + " encodings listed; at most " + MAX_ENCODINGS + " are accepted");
        }
        List<Integer> listed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            listed.add(in.readInt());
        }
        return new EncodingPreferences(listed);
    }

    /** The guest has no clipboard channel: the text is skipped, once its length is known to be sane. */
    private static void skipCutText(DataInputStream in) throws IOException, RfbException {
        in.skipNBytes(3);
        int length = in.readInt();
        if (length < 0 || length > MAX_CUT_TEXT) {
            throw new RfbException("clipboard text length " + length + " is out of range");
        }
        in.skipNBytes(length);
    }
}
