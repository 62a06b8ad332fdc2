package io.vireo.engine.boot.disk;

import java.io.IOException;

/** A disk that holds nothing bootable, or a boot configuration that cannot be followed; the message says which. */
public class DiskBootException extends IOException {
    public DiskBootException(String message) {
        super(message);
    }
}
