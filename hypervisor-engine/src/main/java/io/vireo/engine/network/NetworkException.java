package io.vireo.engine.network;

import java.io.IOException;

/** A network could not be started or changed; the message says why in words a user can act on. */
public class NetworkException extends IOException {
    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
