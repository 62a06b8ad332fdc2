package io.vireo.engine.display.rfb;

/** A client broke the RFB protocol or asked for something unsupported; the session ends with this reason. */
public final class RfbException extends Exception {
    public RfbException(String message) {
        super(message);
    }
}
