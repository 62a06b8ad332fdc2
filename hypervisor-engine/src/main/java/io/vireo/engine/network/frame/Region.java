package io.vireo.engine.network.frame;

/** The one bounds check every parser starts with: the region it was handed lies inside the array. */
final class Region {
    private Region() {
    }

    static void check(byte[] data, int offset, int length) throws FrameException {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new FrameException("region [" + offset + ", +" + length + ") outside a buffer of " + data.length);
        }
    }
}
