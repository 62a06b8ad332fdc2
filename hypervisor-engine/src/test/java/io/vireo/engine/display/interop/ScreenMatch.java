package io.vireo.engine.display.interop;

/**
 * How a viewer's picture, found in a capture of its X screen, compares with the guest's screen. The
 * picture (null when the viewer has none yet) is found by its first bright pixel (the guest shows light text on black, the X screen is
 * black), then compared pixel by pixel under a {@link Tolerance}.
 */
record ScreenMatch(boolean found, long mismatched, double meanError) {
    private static final int BRIGHT = 0x60;

    /** What counts as the same picture. */
    sealed interface Tolerance {
        boolean matches(ScreenMatch m);

        /** Lossless at 24-bit colour: every pixel equal. */
        record Exact() implements Tolerance {
            @Override
            public boolean matches(ScreenMatch m) {
                return m.found() && m.mismatched() == 0;
            }
        }

        /**
         * Lossless at fewer bits per channel (these maxima): each channel within one step of the
         * reference, since servers round 8-bit channels down differently (QEMU shifts, Vireo scales).
         */
        record Quantized(int redMax, int greenMax, int blueMax) implements Tolerance {
            @Override
            public boolean matches(ScreenMatch m) {
                return m.found() && m.mismatched() == 0;
            }
        }

        /** JPEG: a mean error per channel below this, on a 0..255 scale. */
        record Lossy(double meanError) implements Tolerance {
            @Override
            public boolean matches(ScreenMatch m) {
                return m.found() && m.meanError() < meanError;
            }
        }
    }

    static ScreenMatch compare(Picture capture, int[] reference, int width, int height, Tolerance tolerance) {
        if (capture == null) {
            return new ScreenMatch(false, width * (long) height, 255);
        }
        int r = firstBright(reference), c = firstBright(capture.rgb());
        if (r < 0 || c < 0) {
            return new ScreenMatch(false, width * (long) height, 255);
        }
        int dx = c % capture.width() - r % width, dy = c / capture.width() - r / width;
        if (dx < 0 || dy < 0 || dx + width > capture.width() || dy + height > capture.height()) {
            return new ScreenMatch(false, width * (long) height, 255);
        }
        long mismatched = 0, error = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int want = reference[y * width + x], got = capture.rgb()[(y + dy) * capture.width() + x + dx];
                int e = 0;
                boolean same = true;
                for (int k = 0; k < 3; k++) {
                    int shift = 16 - 8 * k, a = want >>> shift & 0xFF, b = got >>> shift & 0xFF;
                    e += Math.abs(a - b);
                    if (tolerance instanceof Tolerance.Quantized q) {
                        int max = k == 0 ? q.redMax() : k == 1 ? q.greenMax() : q.blueMax();
                        same &= Math.abs(a * (max + 1) / 256 - b * (max + 1) / 256) <= 1;
                    } else {
                        same &= a == b;
                    }
                }
                error += e;
                mismatched += same ? 0 : 1;
            }
        }
        return new ScreenMatch(true, mismatched, error / (3.0 * width * height));
    }

    private static int firstBright(int[] rgb) {
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            if ((p >>> 16 & 0xFF) >= BRIGHT || (p >>> 8 & 0xFF) >= BRIGHT || (p & 0xFF) >= BRIGHT) {
                return i;
            }
        }
        return -1;
    }
}
