package io.vireo.engine.display;

/** A pointer shape the guest set: {@code width * height} pixels 0xAARRGGBB, row-major, and its hotspot. */
public record CursorImage(int width, int height, int hotX, int hotY, int[] argb) {
    public CursorImage {
        if (width < 0 || height < 0 || argb.length != width * height || hotX < 0 || hotY < 0) {
            throw new IllegalArgumentException("bad cursor " + width + "x" + height + " hotspot " + hotX + "," + hotY);
        }
    }
}
