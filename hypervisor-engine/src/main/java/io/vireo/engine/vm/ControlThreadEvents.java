package io.vireo.engine.vm;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What a {@link Machine} reports, handed to its VM's control thread: a hart that powers off or fails never
 * waits on the VM's lock, and never tears down the machine it runs on itself.
 */
record ControlThreadEvents(Executor control, Runnable powerOff, Runnable reboot, Consumer<String> failure)
        implements Machine.Events {
    @Override
    public void guestPowerOff() {
        control.execute(powerOff);
    }

    @Override
    public void guestReboot() {
        control.execute(reboot);
    }

    @Override
    public void failed(String diagnostic, Throwable cause) {
        control.execute(() -> failure.accept(diagnostic));
    }
}
