package io.vireo.engine.cpu;

/**
 * What an {@code ecall} from S-mode reaches: the engine plays the machine-mode firmware (SBI), so the
 * call is handled in Java and returns to the next instruction.
 */
@FunctionalInterface
public interface SupervisorCallHandler {
    void call(Hart hart);
}
