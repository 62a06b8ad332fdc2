package io.vireo.engine.cli;

import io.vireo.engine.state.SavedStateException;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmState;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code vireo-engine resume DIR}: continues the VM {@code boot --save-to DIR} suspended there, with its
 * serial console on this terminal; Ctrl-A s suspends it to the same folder again.
 */
final class ResumeCommand {
    private ResumeCommand() {
    }

    static int run(String... args) {
        if (args.length != 1) {
            System.err.println("vireo-engine resume: give the folder a VM was saved to, e.g. vireo-engine resume saved/");
            return 2;
        }
        Path dir = Path.of(args[0]);
        try (VirtualMachine vm = new VirtualMachine(VirtualMachine.savedSpec(dir))) {
            vm.addStateListener((v, from, to, reason) -> {
                if (to == VmState.CRASHED) {
                    System.err.println("\n[vireo] VM crashed: " + reason);
                }
            });
            return new SerialConsoleSession(vm, dir).run(machine -> machine.resumeFrom(dir));
        } catch (SavedStateException e) {
            System.err.println("vireo-engine resume: " + dir + " cannot be resumed: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("vireo-engine resume: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
