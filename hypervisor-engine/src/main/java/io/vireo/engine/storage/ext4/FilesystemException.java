package io.vireo.engine.storage.ext4;

import io.vireo.engine.storage.ImageException;

/**
 * A filesystem that is malformed, uses a feature this reader does not know, or does not hold what was asked
 * for. The message is meant for the user: it names the volume and what is wrong.
 */
public class FilesystemException extends ImageException {
    public FilesystemException(String message) {
        super(message);
    }
}
