package io.vireo.engine.testing.rfb;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.zip.Inflater;

/**
 * ZRLE rectangles: one zlib stream for the whole connection, carrying 64x64 tiles that are raw, a
 * solid colour, packed palette indices, or runs of a colour or of palette entries.
 */
final class ZrleDecoder {
    private final Inflater inflater = new Inflater();
    private final ClientFramebuffer screen;

    ZrleDecoder(ClientFramebuffer screen) {
        this.screen = screen;
    }

    void decode(DataInputStream in, RfbClient.Rect r) throws IOException {
        byte[] z = new byte[in.readInt()];
        in.readFully(z);
        inflater.setInput(z);
        DataInputStream tiles = new DataInputStream(new InflaterStream(inflater));
        for (int ty = r.y(); ty < r.y() + r.h(); ty += 64) {
            for (int tx = r.x(); tx < r.x() + r.w(); tx += 64) {
                tile(tiles, tx, ty, Math.min(64, r.x() + r.w() - tx), Math.min(64, r.y() + r.h() - ty));
            }
        }
    }

    private void tile(DataInputStream s, int x, int y, int w, int h) throws IOException {
        int cp = screen.format().compactBytesPerPixel();
        int sub = s.readUnsignedByte();
        int[] palette = new int[sub >= 128 ? sub - 128 : sub <= 16 ? sub : 0];
        for (int k = 0; k < palette.length; k++) {
            palette[k] = screen.readPixel(s, cp);
        }
        if (sub == 0) {
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    screen.set(x + i, y + j, screen.readPixel(s, cp));
                }
            }
        } else if (sub == 1) {
            screen.fill(x, y, w, h, palette[0]);
        } else if (sub <= 16) {
            int bits = sub <= 2 ? 1 : sub <= 4 ? 2 : 4;
            for (int j = 0; j < h; j++) {
                screen.unpackRow(s, bits, palette, x, y + j, w);
            }
        } else if (sub == 128 || sub >= 130) {
            int at = 0;
            while (at < w * h) {
                int colour, length = 1;
                if (sub == 128) {
                    colour = screen.readPixel(s, cp);
                    length = runLength(s);
                } else {
                    int index = s.readUnsignedByte();
                    colour = palette[index & 127];
                    if (index >= 128) {
                        length = runLength(s);
                    }
                }
                for (int k = 0; k < length; k++, at++) {
                    screen.set(x + at % w, y + at / w, colour);
                }
            }
        } else {
            throw new IOException("bad ZRLE subencoding " + sub);
        }
    }

    private static int runLength(DataInputStream s) throws IOException {
        int length = 1, b;
        while ((b = s.readUnsignedByte()) == 255) {
            length += 255;
        }
        return length + b;
    }
}
