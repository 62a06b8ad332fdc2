package io.vireo.engine.storage.vmdk;

import io.vireo.engine.storage.DiskImage;
import java.io.IOException;

/** Opens the parent a snapshot delta names (read-only), or refuses it: the chain decides where it may lie. */
@FunctionalInterface
public interface ParentResolver {
    DiskImage open(String parentName) throws IOException;
}
