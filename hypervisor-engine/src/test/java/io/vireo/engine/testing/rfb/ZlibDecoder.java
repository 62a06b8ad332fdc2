package io.vireo.engine.testing.rfb;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.zip.Inflater;

/** Zlib rectangles: a length, then Raw pixels through one zlib stream for the whole connection. */
final class ZlibDecoder {
    private final Inflater inflater = new Inflater();
    private final ClientFramebuffer screen;

    ZlibDecoder(ClientFramebuffer screen) {
        this.screen = screen;
    }

    void decode(DataInputStream in, RfbClient.Rect r) throws IOException {
        byte[] z = new byte[in.readInt()];
        in.readFully(z);
        inflater.setInput(z);
        screen.readRaw(new DataInputStream(new InflaterStream(inflater)), r.x(), r.y(), r.w(), r.h());
    }
}
