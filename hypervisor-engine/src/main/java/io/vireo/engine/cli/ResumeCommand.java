package io.vireo.engine.cli;

import io.vireo.engine.state.SavedStateException;
import io.vireo.engine.vm.SavedVm;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vireo-engine resume DIR [--nic nat,...]...}: continues the VM {@code boot --save-to DIR} suspended
 * there, with its serial console on this terminal; Ctrl-A s suspends it to the same folder again. Each
 * saved NIC joins a NAT network of its own, as at boot; the forwards of a boot are not saved, so its
 * {@code --nic} options are given again, in the order of the cards.
 */
final class ResumeCommand {
    private static final String USAGE = "give the folder a VM was saved to, e.g. vireo-engine resume saved/"
            + " [--nic nat,forward=tcp:127.0.0.1:8080-:80]";

    private ResumeCommand() {
    }

    static int run(String... args) {
        List<NicOption> options = new ArrayList<>();
        try {
            if (args.length == 0 || args.length % 2 == 0) {
                throw new IllegalArgumentException(USAGE);
            }
            for (int i = 1; i < args.length; i += 2) {
                if (!args[i].equals("--nic")) {
                    throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                }
                options.add(NicOption.parse(args[i + 1]));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("vireo-engine resume: " + e.getMessage());
            return 2;
        }
        Path dir = Path.of(args[0]);
        try (NatNics nics = NatNics.forSaved(options);
             VirtualMachine vm = new VirtualMachine(SavedVm.spec(dir, nics::networkFor))) {
            nics.forward().forEach(line -> System.err.println("[vireo] " + line));
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
