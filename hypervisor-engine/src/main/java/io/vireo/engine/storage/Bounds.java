package io.vireo.engine.storage;

/** The one place where a guest-visible range is checked against the disk size. */
public final class Bounds {
    private Bounds() {
    }

    public static void check(long offset, long length, long size) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new IllegalArgumentException(
                    "range [" + offset + ", +" + length + ") lies outside the " + size + "-byte disk");
        }
    }

    public static long roundUp(long value, long multiple) {
        return Math.ceilDiv(value, multiple) * multiple;
    }
}
