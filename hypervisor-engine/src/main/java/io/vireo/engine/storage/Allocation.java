package io.vireo.engine.storage;

/**
 * Where the contents of a virtual range come from in one image: its own data, zeros it declares, or
 * (when it has nothing for the range) its backing image.
 */
public record Allocation(Kind kind, long length) {
    public enum Kind {
        /** The image stores the bytes itself. */
        DATA,
        /** The image declares the range to read as zeros. */
        ZERO,
        /** The image holds nothing here; the backing image (or zeros, without one) decides. */
        BACKING
    }

    public Allocation {
        if (length <= 0) {
            throw new IllegalArgumentException("allocation length must be positive: " + length);
        }
    }
}
