package io.vireo.console.domain;

/**
 * Operations that need the hypervisor engine (power, snapshot revert) answer this until the console is
 * wired to the engine, so clients learn the operation exists but cannot succeed yet.
 */
public class NotYetAvailableException extends ConflictException {

    public NotYetAvailableException(String operation) {
        super("Not yet available",
                operation + " needs the hypervisor engine, which this console version does not drive yet");
    }
}
