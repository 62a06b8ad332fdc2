package io.vireo.engine.appliance;

/** An appliance could not be built; the message says why in terms the user can act on. */
public final class ApplianceException extends RuntimeException {

    public ApplianceException(String message) {
        super(message);
    }

    public ApplianceException(String message, Throwable cause) {
        super(message, cause);
    }
}
