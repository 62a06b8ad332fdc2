package io.vireo.console.ovf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a VMware {@code .vmx} to the VM Vireo imports: {@code displayName}, {@code numvcpus} (1 when left out) in
 * sockets of {@code cpuid.coresPerSocket}, {@code memsize}, {@code firmware}, {@code guestOS} (which tells the
 * architecture), {@code uuid.bios}; the disks and the CD drive's ISO image on the {@code scsiN}, {@code sataN},
 * {@code ideN} and {@code nvmeN} controllers; the {@code ethernetN} cards with their network and MAC. What Vireo has
 * no device for is listed in words.
 */
final class VmxMapper {
    /** The controllers in the order their disks become the VM's disks: the one VMware boots from comes first. */
    private static final List<String> BUSES = List.of("scsi", "sata", "nvme", "ide");
    private static final Pattern UNIT = Pattern.compile("(scsi|sata|nvme|ide)(\\d+):(\\d+)\\.present");
    private static final Pattern ETHERNET = Pattern.compile("ethernet(\\d+)\\.present");
    private static final Pattern UUID_BIOS = Pattern.compile("[0-9a-f]{32}");
    private static final List<String> OTHER_DEVICES = List.of("sound", "usb", "usb_xhci", "ehci", "floppy0",
            "serial0", "parallel0");

    private VmxMapper() {
    }

    static PackagedVm map(VmxFile vmx, String fallbackName) throws OvfException {
        String name = vmx.get("displayName").orElse(fallbackName);
        long vcpus = vmx.number("numvcpus", 1);
        long coresPerSocket = vmx.number("cpuid.coresPerSocket", 1);
        long memoryMib = vmx.number("memsize", 0);
        PackagedVm.checkSize("The VM " + name, vcpus, memoryMib);
        int cores = coresPerSocket > 0 && vcpus % coresPerSocket == 0 ? (int) coresPerSocket : (int) vcpus;
        String guestOs = vmx.get("guestOS").orElse("other");
        List<String> leftOut = new ArrayList<>();
        List<PackagedVm.Cdrom> cdroms = new ArrayList<>();
        List<PackagedVm.Disk> disks = disks(vmx, cdroms, leftOut);
        List<PackagedVm.Nic> nics = nics(vmx, leftOut);
        for (String device : OTHER_DEVICES) {
            if (vmx.isTrue(device + ".present")) {
                leftOut.add("Its " + device + " device was left out: the engine has no such device");
            }
        }
        Optional<String> firmware = vmx.get("firmware").map(f -> f.toUpperCase(Locale.ROOT));
        vmx.get("nvram").filter(n -> firmware.filter("EFI"::equals).isPresent()).ifPresent(nvram ->
                leftOut.add("Its EFI variables (" + OvfUnits.abbreviate(nvram) + ") were not imported"));
        String description = vmx.get("annotation").orElse("Imported from VMware (guest OS " + guestOs + ")");
        return new PackagedVm(name, description, (int) vcpus, cores, memoryMib, disks, nics, architecture(guestOs),
                firmware, Optional.empty(), uuid(vmx.get("uuid.bios")), cdroms.stream().findFirst(),
                List.copyOf(leftOut));
    }

    /** VMware's guest OS names: {@code arm-ubuntu-64} on Apple silicon and ARM hosts, {@code ubuntu-64} on x86. */
    static String architecture(String guestOs) {
        String os = guestOs.toLowerCase(Locale.ROOT);
        if (os.contains("riscv")) {
            return "riscv64";
        }
        return os.startsWith("arm-") || os.contains("arm64") || os.contains("aarch64") ? "aarch64" : "x86_64";
    }

    private static List<PackagedVm.Disk> disks(VmxFile vmx, List<PackagedVm.Cdrom> cdroms, List<String> leftOut)
            throws OvfException {
        List<Matcher> units = vmx.entries().keySet().stream().map(UNIT::matcher).filter(Matcher::matches)
                .sorted(Comparator.<Matcher>comparingInt(m -> BUSES.indexOf(m.group(1)))
                        .thenComparingInt(m -> Integer.parseInt(m.group(2)))
                        .thenComparingInt(m -> Integer.parseInt(m.group(3))))
                .toList();
        List<PackagedVm.Disk> disks = new ArrayList<>();
        for (Matcher m : units) {
            String controllerKey = m.group(1) + m.group(2);
            String unit = controllerKey + ":" + m.group(3);
            if (!vmx.isTrue(unit + ".present") || !vmx.isTrue(controllerKey + ".present")) {
                continue;
            }
            String controller = controller(m.group(1), vmx.get(controllerKey + ".virtualDev").orElse(""));
            String deviceType = vmx.get(unit + ".deviceType").orElse("").toLowerCase(Locale.ROOT);
            Optional<String> fileName = vmx.get(unit + ".fileName");
            if (deviceType.contains("cdrom") || fileName.filter(f -> f.toLowerCase(Locale.ROOT).endsWith(".iso"))
                    .isPresent()) {
                cdrom(unit + " (" + controller + ")", deviceType, fileName, cdroms, leftOut);
                continue;
            }
            if (fileName.isEmpty()) {
                throw new OvfException("Its disk " + unit + " names no fileName");
            }
            String file = fileName.get();
            if (file.contains("/") || file.contains("\\")) {
                throw new OvfException("Its disk " + unit + " is " + OvfUnits.abbreviate(file) + ", outside the VM's"
                        + " folder; Vireo imports disks that sit next to the .vmx");
            }
            PackageNames.check(file);
            disks.add(new PackagedVm.Disk(unit, Optional.of(new OvfPackage.FileRef(unit, file, -1, false, -1)), 0,
                    controller));
            leftOut.add("Its disk " + unit + " (" + controller + ") is a virtio disk, the engine's only kind");
        }
        return disks;
    }

    /**
     * A CD/DVD drive: the first that holds an ISO image ({@code cdrom-image}) becomes the VM's drive with that image,
     * named by its plain name since the {@code .vmx} names it where it lay on VMware's host. A drive that used the
     * host's own drive has no image to bring; a second drive has no place on the VM, which has one.
     */
    private static void cdrom(String drive, String deviceType, Optional<String> fileName,
            List<PackagedVm.Cdrom> cdroms, List<String> leftOut) {
        if (!deviceType.equals("cdrom-image") && !(deviceType.isEmpty() && fileName.isPresent())) {
            leftOut.add("Its CD/DVD drive " + drive + " used the host's drive; the VM's CD-ROM drive is empty");
            return;
        }
        String name = fileName.map(f -> f.substring(Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')) + 1))
                .orElse("");
        if (name.isEmpty()) {
            leftOut.add("Its CD/DVD drive " + drive + " names no ISO image; the VM's CD-ROM drive is empty");
            return;
        }
        if (!cdroms.isEmpty()) {
            leftOut.add("Its CD/DVD drive " + drive + " with " + OvfUnits.abbreviate(name) + " was left out: a Vireo VM"
                    + " has one CD-ROM drive, which holds " + cdroms.getFirst().file());
            return;
        }
        try {
            cdroms.add(new PackagedVm.Cdrom(drive, PackageNames.check(name)));
        } catch (OvfException e) {
            leftOut.add("Its CD/DVD drive " + drive + " held " + OvfUnits.abbreviate(fileName.orElse("")) + ", which"
                    + " has no plain file name to look for; the VM's CD-ROM drive is empty");
        }
    }

    private static String controller(String bus, String virtualDev) {
        return switch (bus) {
            case "scsi" -> switch (virtualDev.toLowerCase(Locale.ROOT)) {
                case "lsilogic", "" -> "LSI Logic SCSI";
                case "lsisas1068" -> "LSI Logic SAS";
                case "pvscsi" -> "VMware Paravirtual SCSI";
                case "buslogic" -> "BusLogic SCSI";
                default -> "SCSI (" + OvfUnits.abbreviate(virtualDev) + ")";
            };
            case "sata" -> "SATA";
            case "nvme" -> "NVMe";
            default -> "IDE";
        };
    }

    private static List<PackagedVm.Nic> nics(VmxFile vmx, List<String> leftOut) {
        TreeSet<Integer> indexes = new TreeSet<>();
        vmx.entries().keySet().stream().map(ETHERNET::matcher).filter(Matcher::matches)
                .forEach(m -> indexes.add(Integer.parseInt(m.group(1))));
        List<PackagedVm.Nic> nics = new ArrayList<>();
        for (int index : indexes) {
            String key = "ethernet" + index;
            if (!vmx.isTrue(key + ".present")) {
                continue;
            }
            String model = vmx.get(key + ".virtualDev").orElse("e1000");
            nics.add(new PackagedVm.Nic(network(vmx, key), model, mac(vmx, key)));
            leftOut.add("Its network card " + key + " (" + model + ") is a virtio-net card, the engine's only kind");
        }
        return nics;
    }

    /**
     * The network a card was on, as the mapping step shows it: ESXi's port group ({@code networkName}), Workstation's
     * custom {@code vnet}, or its connection type ({@code NAT}, {@code bridged}, {@code hostonly}; bridged when the
     * file names none, as VMware does).
     */
    private static String network(VmxFile vmx, String key) {
        String type = vmx.get(key + ".connectionType").orElse("bridged").toLowerCase(Locale.ROOT);
        return vmx.get(key + ".networkName")
                .or(() -> type.equals("custom") ? vmx.get(key + ".vnet") : Optional.empty())
                .orElse(type.equals("nat") ? "NAT" : type);
    }

    /** {@code static} cards keep {@code address}; generated ones (also vCenter's {@code vpx}) {@code generatedAddress}. */
    private static Optional<String> mac(VmxFile vmx, String key) {
        String type = vmx.get(key + ".addressType").orElse("generated").toLowerCase(Locale.ROOT);
        return type.equals("static") ? vmx.get(key + ".address") : vmx.get(key + ".generatedAddress");
    }

    /** {@code 56 4d 12 34 … 9a bc-de f0 …}: 16 bytes in hex with spaces and a dash, as a UUID. */
    private static Optional<String> uuid(Optional<String> bios) {
        String hex = bios.orElse("").replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        if (!UUID_BIOS.matcher(hex).matches()) {
            return Optional.empty();
        }
        return Optional.of(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }
}
