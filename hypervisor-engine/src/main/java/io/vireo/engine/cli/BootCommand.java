package io.vireo.engine.cli;

import io.vireo.engine.boot.CpuTopology;
import io.vireo.engine.display.rfb.KeyboardLayout;
import io.vireo.engine.state.SavedStateException;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmSpec;
import io.vireo.engine.vm.VmState;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code vireo-engine boot}: a VM with its serial console on the terminal, like {@code qemu -nographic}. */
final class BootCommand {
    private BootCommand() {
    }

    /**
     * @param saveTo   where Ctrl-A s suspends the VM to ({@code --save-to}), or null
     * @param fromDisk {@code --boot-from-disk}: no kernel; the first disk's is read at every boot, and
     *                 {@code append} follows the disk's command line
     */
    record Options(Path kernel, Path initrd, String append, CpuTopology cpus, long memory, List<DeviceSpec> devices,
                   List<NicOption> nics, VncOption vnc, KeyboardLayout keyboard, Path saveTo, boolean fromDisk) {
    }

    /** {@code --disk path[,ro]}: the format comes from the file name, never from the file's bytes. */
    static DeviceSpec.Disk disk(String value) {
        boolean readOnly = value.endsWith(",ro");
        Path image = Path.of(readOnly ? value.substring(0, value.length() - 3) : value);
        String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
        ImageFormat format;
        if (name.endsWith(".qcow2")) {
            format = ImageFormat.QCOW2;
        } else if (name.endsWith(".raw") || name.endsWith(".img")) {
            format = ImageFormat.RAW;
        } else {
            throw new IllegalArgumentException("--disk " + value + ": name it .qcow2, .raw or .img so its format is known");
        }
        return new DeviceSpec.Disk(image, format, readOnly);
    }

    static Options parse(String... args) {
        return parse(System.getenv(), args);
    }

    /** @param environment where {@link VncOption#PASSWORD_VARIABLE} is looked up */
    static Options parse(Map<String, String> environment, String... args) {
        Path kernel = null, initrd = null;
        String append = null;
        boolean fromDisk = false;
        CpuTopology cpus = CpuTopology.flat(1);
        long memory = 512L << 20;
        List<DeviceSpec> devices = new ArrayList<>();
        List<NicOption> nics = new ArrayList<>();
        String vnc = null;
        Path vncPasswordFile = null;
        KeyboardLayout keyboard = KeyboardLayout.US;
        Path saveTo = null;
        List<DeviceSpec.Disk> scsiDisks = new ArrayList<>();
        List<Optional<Path>> discs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--rng") || a.equals("--balloon")) {
                devices.add(a.equals("--rng") ? new DeviceSpec.Rng() : new DeviceSpec.Balloon());
                continue;
            }
            if (a.equals("--boot-from-disk")) {
                fromDisk = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--kernel" -> kernel = Path.of(v);
                case "--initrd" -> initrd = Path.of(v);
                case "--append" -> append = v;
                case "--cpus" -> cpus = CpusOption.parse(v);
                case "--memory" -> memory = parseSize(v);
                case "--disk" -> devices.add(disk(v));
                case "--scsi-disk" -> scsiDisks.add(disk(v));
                case "--cdrom" -> discs.add(v.equals("empty") ? Optional.empty() : Optional.of(Path.of(v)));
                case "--nic" -> nics.add(NicOption.parse(v));
                case "--keyboard" -> keyboard = KeyboardLayout.named(v);
                case "--save-to" -> saveTo = Path.of(v);
                case "--vnc" -> {
                    vnc = v;
                    devices.add(new DeviceSpec.Display(1024, 768));
                    devices.add(new DeviceSpec.Input());
                }
                case "--vnc-password-file" -> vncPasswordFile = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (!scsiDisks.isEmpty() || !discs.isEmpty()) {
            devices.add(new DeviceSpec.ScsiController(scsiDisks, discs));
        }
        if (fromDisk && (kernel != null || initrd != null)) {
            throw new IllegalArgumentException("--boot-from-disk boots the kernel on the first --disk: leave out --kernel"
                    + " and --initrd");
        }
        if (fromDisk && devices.stream().noneMatch(DeviceSpec.Disk.class::isInstance)) {
            throw new IllegalArgumentException("--boot-from-disk needs a --disk to boot from");
        }
        if (kernel == null && !fromDisk) {
            throw new IllegalArgumentException("--kernel (or --boot-from-disk) is required");
        }
        if (append == null) {
            append = fromDisk ? "" : "console=ttyS0 earlycon=sbi";
        }
        if (vncPasswordFile != null && vnc == null) {
            throw new IllegalArgumentException("--vnc-password-file needs --vnc");
        }
        VncOption vncOption = vnc == null ? null
                : VncOption.parse(vnc, Optional.ofNullable(vncPasswordFile), environment);
        return new Options(kernel, initrd, append, cpus, memory, devices, nics, vncOption, keyboard, saveTo, fromDisk);
    }

    /** Sizes like 512M, 2G, 1048576 (bytes). */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'K' -> unit = 1L << 10;
            case 'M' -> unit = 1L << 20;
            case 'G' -> unit = 1L << 30;
            case 'T' -> unit = 1L << 40;
            default -> { }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: " + text);
        }
    }

    static int run(String... args) {
        Options o;
        try {
            o = parse(args);
            for (Path p : new Path[] {o.kernel(), o.initrd()}) {
                if (p != null && !Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("no such file: " + p);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("vireo-engine boot: " + e.getMessage());
            return 2;
        }
        try (NatNics nics = NatNics.start(o.nics()); DiskBootFolder folder = new DiskBootFolder(o.fromDisk())) {
            VmSpec spec;
            try {
                List<DeviceSpec> devices = new ArrayList<>(o.devices());
                devices.addAll(nics.devices());
                spec = o.fromDisk()
                        ? new VmSpec("vm", o.cpus().harts(), o.memory(), folder.kernel(), folder.initrd(), o.append(),
                                devices, o.cpus(), true)
                        : VmSpec.of("vm", o.cpus(), o.memory(), o.kernel(), o.initrd(), o.append()).withDevices(devices);
            } catch (IllegalArgumentException e) {
                System.err.println("vireo-engine boot: " + e.getMessage());
                return 2;
            }
            nics.forward().forEach(line -> System.err.println("[vireo] " + line));
            return boot(spec, o);
        } catch (IOException e) {
            System.err.println("vireo-engine boot: " + e.getMessage());
            return 1;
        }
    }

    private static int boot(VmSpec spec, Options o) {
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            VncListener vnc = o.vnc() == null ? null : new VncListener(o.vnc(), o.keyboard());
            vm.addStateListener((v, from, to, reason) -> {
                if (to == VmState.CRASHED) {
                    System.err.println("\n[vireo] VM crashed: " + reason);
                }
                if (to == VmState.RUNNING && vnc != null) {
                    vnc.follow(v);
                }
            });
            int code = new SerialConsoleSession(vm, o.saveTo()).run(machine -> {
                machine.start();
                if (vnc != null) {
                    InetSocketAddress a = o.vnc().address();
                    System.err.println("[vireo] VNC on " + a.getHostString() + ":" + a.getPort()
                            + (o.vnc().password().isPresent() ? " (VNC authentication)" : ""));
                }
            });
            if (vnc != null) {
                vnc.close();
            }
            return code;
        } catch (IOException | SavedStateException e) {
            System.err.println("vireo-engine boot: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
