package io.vireo.engine.display.rfb;

import io.vireo.engine.display.rfb.encoding.CopyRectEncoder;
import io.vireo.engine.display.rfb.encoding.HextileEncoder;
import io.vireo.engine.display.rfb.encoding.RawEncoder;
import io.vireo.engine.display.rfb.encoding.TightEncoder;
import io.vireo.engine.display.rfb.encoding.ZlibEncoder;
import io.vireo.engine.display.rfb.encoding.ZrleEncoder;

import java.util.List;

/** What a client listed in SetEncodings, in its order of preference, and what that means for updates. */
record EncodingPreferences(List<Integer> listed) {
    static final int DESKTOP_SIZE = -223, LAST_RECT = -224, CURSOR = -239, QEMU_EXTENDED_KEY = -258,
            EXTENDED_DESKTOP_SIZE = -308;
    private static final int JPEG_QUALITY_0 = -32, COMPRESS_LEVEL_0 = -256;
    private static final List<Integer> PIXEL_ENCODINGS = List.of(RawEncoder.TYPE, HextileEncoder.TYPE,
            ZlibEncoder.TYPE, TightEncoder.TYPE, ZrleEncoder.TYPE);
    static final EncodingPreferences NONE = new EncodingPreferences(List.of());

    EncodingPreferences {
        listed = List.copyOf(listed);
    }

    boolean has(int encoding) {
        return listed.contains(encoding);
    }

    /** The first pixel encoding the client listed that this server implements; Raw, which every client takes, else. */
    int pixelEncoding() {
        return listed.stream().filter(PIXEL_ENCODINGS::contains).findFirst().orElse(RawEncoder.TYPE);
    }

    boolean copyRect() {
        return has(CopyRectEncoder.TYPE);
    }

    /** Tight's JPEG quality level 0..9 from the pseudo-encodings -32..-23, or -1 when the client named none. */
    int jpegQuality() {
        return level(JPEG_QUALITY_0, -1);
    }

    /** The zlib level 0..9 from the pseudo-encodings -256..-247; zlib's default when the client named none. */
    int compressionLevel() {
        return level(COMPRESS_LEVEL_0, 6);
    }

    private int level(int base, int fallback) {
        return listed.stream().filter(e -> e >= base && e <= base + 9).findFirst().map(e -> e - base).orElse(fallback);
    }
}
