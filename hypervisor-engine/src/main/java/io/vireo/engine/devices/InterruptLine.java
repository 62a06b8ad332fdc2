package io.vireo.engine.devices;

/** A level-triggered interrupt wire from a device to the interrupt controller (PLIC source). */
@FunctionalInterface
public interface InterruptLine {
    void set(boolean asserted);

    InterruptLine NONE = asserted -> { };
}
