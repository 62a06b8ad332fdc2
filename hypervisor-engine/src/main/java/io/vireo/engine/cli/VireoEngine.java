package io.vireo.engine.cli;

import java.util.Arrays;

/** The engine's command line: {@code vireo-engine boot|resume|disk|appliance ...}. */
public final class VireoEngine {
    private VireoEngine() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        if (args.length == 0) {
            System.err.println(usage());
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "boot" -> BootCommand.run(rest);
            case "resume" -> ResumeCommand.run(rest);
            case "appliance" -> new ApplianceCli().run(rest);
            case "disk" -> DiskCli.run(rest);
            case "-h", "--help", "help" -> {
                System.out.println(usage());
                yield 0;
            }
            default -> {
                System.err.println("unknown command: " + args[0] + "\n" + usage());
                yield 2;
            }
        };
    }

    static String usage() {
        return """
                usage: vireo-engine <command> [options]
                  boot --kernel Image [--initrd initramfs.gz] [--append "console=ttyS0"]   (or --boot-from-disk:
                       the first --disk's kernel, initrd and command line, read at every boot; --append adds to it)
                       [--cpus N[,sockets=S][,cores=C][,threads=T]] [--memory 512M] [--disk image.qcow2[,ro]]...
                       [--scsi-disk image.qcow2[,ro]]... [--cdrom image.iso|empty]... (one virtio-scsi controller)
                       [--rng] [--balloon] [--vnc HOST:PORT [--keyboard us|de] [--vnc-password-file FILE]]
                       [--nic nat[,forward=tcp:127.0.0.1:HOSTPORT-:GUESTPORT]...]... [--save-to DIR]
                      run a VM with its serial console on this terminal (Ctrl-A x quits; with --save-to,
                      Ctrl-A s suspends the VM to DIR and exits)
                  resume DIR [--nic nat[,forward=...]]...
                      continue a VM suspended to DIR where it stopped, its console on this terminal;
                      each saved NIC joins a NAT network of its own, its forwards given again
                  appliance build tiny
                      build the starter guest from Debian riscv64 packages and print its files' paths
                  disk create|snapshot|commit|flatten|rebase|info|check|grow ...
                      disk images and their backing chains (vireo-engine disk for details)""";
    }
}
