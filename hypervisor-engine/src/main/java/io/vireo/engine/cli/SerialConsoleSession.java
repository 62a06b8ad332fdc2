package io.vireo.engine.cli;

import io.vireo.engine.state.SavedStateException;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmState;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A VM's serial console on this terminal, like {@code qemu -nographic}, until the VM stops: what the
 * guest prints goes to stdout, what is typed goes to the guest. Ctrl-A x powers the VM off, Ctrl-A s
 * suspends it to the save folder (when one was given), Ctrl-A Ctrl-A sends one Ctrl-A.
 */
final class SerialConsoleSession {
    private static final int CTRL_A = 1;

    /** How the session's VM is powered on: a boot or a resume. */
    @FunctionalInterface
    interface PowerOn {
        void start(VirtualMachine vm) throws IOException, SavedStateException;
    }

    /** What the operator asked for with Ctrl-A. */
    private enum Request { NONE, QUIT, SAVE }

    private final VirtualMachine vm;
    private final Path saveTo;
    private volatile Request request = Request.NONE;

    /** @param saveTo where Ctrl-A s suspends the VM to, or null if it cannot be saved */
    SerialConsoleSession(VirtualMachine vm, Path saveTo) {
        this.vm = vm;
        this.saveTo = saveTo;
    }

    /** Powers the VM on and serves its console until it stops, crashes or is suspended; returns the exit code. */
    int run(PowerOn powerOn) throws IOException, SavedStateException, InterruptedException {
        PrintStream out = System.out;
        vm.addSerialListener(b -> {
            out.write(b);
            if (b == '\n') {
                out.flush();
            }
        });
        powerOn.start(vm);
        Thread.ofPlatform().daemon().start(() -> forwardInput(System.in));
        while (vm.state() == VmState.RUNNING || vm.state() == VmState.PAUSED) {
            vm.awaitState(VmState.STOPPED, Duration.ofMillis(200));
            out.flush();
            if (request != Request.NONE && vm.state() == VmState.RUNNING) {
                act();
            }
        }
        out.flush();
        return vm.state() == VmState.CRASHED ? 1 : 0;
    }

    private void act() throws IOException {
        switch (request) {
            case QUIT -> vm.powerOff();
            case SAVE -> {
                request = Request.NONE;
                try {
                    vm.suspendTo(saveTo);
                    System.err.println("\n[vireo] saved to " + saveTo + "; vireo-engine resume " + saveTo + " continues it");
                } catch (IllegalStateException e) {
                    System.err.println("\n[vireo] not saved: " + e.getMessage());
                }
            }
            case NONE -> { }
        }
    }

    private void forwardInput(InputStream in) {
        try {
            boolean escape = false;
            int b;
            while ((b = in.read()) >= 0) {
                if (escape) {
                    escape = false;
                    if (b == 'x' || b == 'X') {
                        request = Request.QUIT;
                        return;
                    }
                    if (b == 's' || b == 'S') {
                        if (saveTo != null) {
                            request = Request.SAVE;
                        } else {
                            System.err.println("\n[vireo] Ctrl-A s saves only with --save-to DIR");
                        }
                        continue;
                    }
                } else if (b == CTRL_A) {
                    escape = true;
                    continue;
                }
                vm.typeSerial(new byte[] {(byte) (b == '\n' ? '\r' : b)});
            }
        } catch (IOException e) {
            request = Request.QUIT;
        }
    }
}
