package io.vireo.engine.appliance.debian;

/** A package source could not serve: the message says which source and why, in words a user can act on. */
public final class PackageSourceException extends RuntimeException {

    public PackageSourceException(String message) {
        super(message);
    }

    public PackageSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
