package io.vireo.engine.network.frame;

/**
 * A frame or packet that does not parse: a length field beyond the buffer, a wrong version, a bad checksum.
 * The message names the reason. It carries no stack trace: a guest may send malformed frames by the
 * million, and each is dropped and counted, never debugged.
 */
public final class FrameException extends Exception {
    public FrameException(String reason) {
        super(reason, null, false, false);
    }
}
