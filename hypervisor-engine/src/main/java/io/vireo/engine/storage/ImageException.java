package io.vireo.engine.storage;

import java.io.IOException;

/**
 * An image file that is malformed, unsupported, or used in a way its format forbids. The message is
 * meant for the user: it names the file and what is wrong with it.
 */
public class ImageException extends IOException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
