package io.vireo.engine.storage.chain;

import io.vireo.engine.storage.Allocation;
import io.vireo.engine.storage.DiskImage;
import java.io.IOException;
import java.util.Optional;

/** Resolves, through a whole chain, whether a virtual range holds data or reads as zeros. */
final class ChainMap {
    private ChainMap() {
    }

    /** DATA or ZERO for the range starting at {@code offset}, as the chain's top presents it. */
    static Allocation resolve(DiskImage top, long offset) throws IOException {
        long limit = top.size() - offset;
        DiskImage image = top;
        while (true) {
            if (offset >= image.size()) {
                return new Allocation(Allocation.Kind.ZERO, limit);
            }
            limit = Math.min(limit, image.size() - offset);
            Allocation a = image.allocation(offset);
            limit = Math.min(limit, a.length());
            if (a.kind() != Allocation.Kind.BACKING) {
                return new Allocation(a.kind(), limit);
            }
            Optional<DiskImage> next = image.backing();
            if (next.isEmpty()) {
                return new Allocation(Allocation.Kind.ZERO, limit);
            }
            image = next.get();
        }
    }
}
