package io.vireo.console.ovf;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads an OVF 1.x or 2.x descriptor into an {@link OvfPackage}: the References, the DiskSection and each
 * VirtualSystem's hardware (one, or those of a VirtualSystemCollection) (CIM RASD items, or OVF 2.0's StorageItem and
 * EthernetPortItem). Processors, memory, disks, network cards and the first CD/DVD drive's ISO image are mapped; disk
 * controllers are accepted (every disk becomes a virtio disk, the engine's only kind); anything else is left out and
 * listed. Vireo's own section (architecture, kernel image) is read back from packages Vireo wrote.
 */
final class OvfDescriptor {
    /** A VirtualSystemCollection (a vApp) of more is not a package anyone hands around. */
    static final int MAX_SYSTEMS = 16;

    private static final int PROCESSOR = 3;
    private static final int MEMORY = 4;
    private static final int IDE = 5;
    private static final int SCSI = 6;
    private static final int ETHERNET = 10;
    private static final int CD = 15;
    private static final int DVD = 16;
    private static final int DISK = 17;
    private static final int OTHER_STORAGE = 20;

    private OvfDescriptor() {
    }

    static OvfPackage read(InputStream in) throws OvfException {
        Document document = OvfXml.parse(in);
        Element envelope = document.getDocumentElement();
        if (!OvfXml.localName(envelope).equals("Envelope")) {
            throw new OvfException("The descriptor is not an OVF envelope (its root is "
                    + OvfXml.localName(envelope) + ")");
        }
        Map<String, OvfPackage.FileRef> files = files(envelope);
        Map<String, PackagedVm.Disk> disks = disks(envelope, files);
        List<Element> systems = OvfXml.descendants(envelope, "VirtualSystem");
        if (systems.isEmpty()) {
            throw new OvfException("The descriptor describes no VirtualSystem");
        }
        if (systems.size() > MAX_SYSTEMS) {
            throw new OvfException("The descriptor is a collection of " + systems.size() + " virtual systems;"
                    + " Vireo imports up to " + MAX_SYSTEMS + " VMs from one package");
        }
        Optional<String> eula = OvfXml.descendants(envelope, "EulaSection").stream().findFirst()
                .flatMap(e -> OvfXml.text(e, "License"));
        List<PackagedVm> vms = new ArrayList<>();
        for (Element system : systems) {
            vms.add(system(system, disks, files));
        }
        return new OvfPackage(List.copyOf(files.values()), List.copyOf(vms), eula);
    }

    private static Map<String, OvfPackage.FileRef> files(Element envelope) throws OvfException {
        Map<String, OvfPackage.FileRef> files = new LinkedHashMap<>();
        for (Element references : OvfXml.children(envelope, "References")) {
            for (Element file : OvfXml.children(references, "File")) {
                String id = required(file, "id", "A File");
                String href = PackageNames.check(required(file, "href", "File " + id));
                String compression = OvfXml.attribute(file, "compression").orElse("identity");
                if (!compression.equalsIgnoreCase("identity") && !compression.equalsIgnoreCase("gzip")) {
                    throw new OvfException("File " + href + " is compressed with " + OvfUnits.abbreviate(compression)
                            + "; OVF packages use gzip or nothing");
                }
                Optional<String> chunks = OvfXml.attribute(file, "chunkSize");
                long chunkSize = chunks.isPresent() ? OvfUnits.number(chunks.get(), "The chunk size of " + href) : -1;
                if (chunkSize == 0) {
                    throw new OvfException("File " + href + " is split into chunks of 0 bytes");
                }
                long size = OvfXml.attribute(file, "size").isPresent()
                        ? OvfUnits.number(OvfXml.attribute(file, "size").orElseThrow(), "The size of " + href) : -1;
                boolean gzip = compression.equalsIgnoreCase("gzip");
                if (files.put(id, new OvfPackage.FileRef(id, href, size, gzip, chunkSize)) != null) {
                    throw new OvfException("Two files have the id " + id);
                }
            }
        }
        return files;
    }

    private static Map<String, PackagedVm.Disk> disks(Element envelope, Map<String, OvfPackage.FileRef> files)
            throws OvfException {
        Map<String, PackagedVm.Disk> disks = new LinkedHashMap<>();
        for (Element section : OvfXml.descendants(envelope, "DiskSection")) {
            for (Element disk : OvfXml.children(section, "Disk")) {
                String id = required(disk, "diskId", "A Disk");
                Optional<String> fileRef = OvfXml.attribute(disk, "fileRef");
                Optional<OvfPackage.FileRef> file = Optional.empty();
                if (fileRef.isPresent()) {
                    file = Optional.ofNullable(files.get(fileRef.get()));
                    if (file.isEmpty()) {
                        throw new OvfException("Disk " + id + " names file " + fileRef.get()
                                + ", which References does not list");
                    }
                }
                long capacity = OvfUnits.bytes(required(disk, "capacity", "Disk " + id),
                        OvfXml.attribute(disk, "capacityAllocationUnits").orElse(null), 1, "The capacity of disk " + id);
                if (capacity > PackageDisks.MAX_DISK_BYTES) {
                    throw new OvfException("Disk " + id + " claims " + capacity + " bytes, more than Vireo's limit of "
                            + (PackageDisks.MAX_DISK_BYTES >> 40) + " TiB");
                }
                disks.put(id, new PackagedVm.Disk(id, file, capacity, ""));
            }
        }
        return disks;
    }

    private static PackagedVm system(Element system, Map<String, PackagedVm.Disk> disks,
            Map<String, OvfPackage.FileRef> files) throws OvfException {
        String name = OvfXml.text(system, "Name").or(() -> OvfXml.attribute(system, "id")).orElse("imported");
        Element hardware = OvfXml.child(system, "VirtualHardwareSection")
                .orElseThrow(() -> new OvfException("Virtual system " + name + " has no VirtualHardwareSection"));
        Hardware found = new Hardware();
        List<Element> items = items(hardware);
        items.forEach(found::controller);
        for (Element item : items) {
            found.add(item, disks, files);
        }
        PackagedVm.checkSize("Virtual system " + name, found.vcpus, found.memoryMib);
        int cores = found.coresPerSocket > 0 && found.vcpus % found.coresPerSocket == 0 ? found.coresPerSocket
                : found.vcpus;
        Optional<Element> vireo = OvfXml.descendants(system, "VireoSection").stream().findFirst();
        String architecture = vireo.flatMap(v -> OvfXml.text(v, "Architecture")).orElseGet(() -> guessArchitecture(system));
        String description = OvfXml.descendants(system, "ProductSection").stream().findFirst()
                .map(p -> String.join(" ", OvfXml.text(p, "Product").orElse(""), OvfXml.text(p, "Version").orElse(""),
                        OvfXml.text(p, "Vendor").map(v -> "by " + v).orElse("")).strip().replaceAll("\\s+", " "))
                .filter(s -> !s.isEmpty())
                .or(() -> OvfXml.child(system, "AnnotationSection").flatMap(a -> OvfXml.text(a, "Annotation")))
                .orElse("");
        return new PackagedVm(name, description, found.vcpus, cores, found.memoryMib,
                List.copyOf(found.disks), List.copyOf(found.nics), architecture, firmware(system),
                vireo.flatMap(v -> OvfXml.text(v, "BootImage")), Optional.empty(), found.cdrom,
                List.copyOf(found.leftOut));
    }

    private static List<Element> items(Element hardware) {
        List<Element> items = new ArrayList<>();
        for (org.w3c.dom.Node n = hardware.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && List.of("Item", "StorageItem", "EthernetPortItem").contains(OvfXml.localName(e))) {
                items.add(e);
            }
        }
        return items;
    }

    /**
     * Packages Vireo did not write come from VMware or VirtualBox, which describe x86-64 guests unless their OS type
     * names ARM (VMware Fusion's {@code arm-…}, VirtualBox's {@code …_arm64}) or RISC-V.
     */
    private static String guessArchitecture(Element system) {
        StringBuilder os = new StringBuilder();
        OvfXml.descendants(system, "OperatingSystemSection").forEach(s -> {
            OvfXml.attribute(s, "osType").ifPresent(os::append);
            OvfXml.text(s, "Description").ifPresent(os::append);
        });
        OvfXml.descendants(system, "Machine").forEach(m -> OvfXml.attribute(m, "OSType").ifPresent(os::append));
        String text = os.toString().toLowerCase(Locale.ROOT);
        if (text.contains("riscv")) {
            return "riscv64";
        }
        if (text.contains("arm") || text.contains("aarch64")) {
            return "aarch64";
        }
        return "x86_64";
    }

    /** VMware's {@code vmw:Config firmware}, or VirtualBox's {@code Firmware type}. */
    private static Optional<String> firmware(Element system) {
        for (Element config : OvfXml.descendants(system, "Config")) {
            if (OvfXml.attribute(config, "key").filter("firmware"::equals).isPresent()) {
                return OvfXml.attribute(config, "value").map(v -> v.toUpperCase(Locale.ROOT));
            }
        }
        return OvfXml.descendants(system, "Firmware").stream().findFirst()
                .flatMap(f -> OvfXml.attribute(f, "type")).map(v -> v.toUpperCase(Locale.ROOT));
    }

    private static String required(Element element, String attribute, String what) throws OvfException {
        return OvfXml.attribute(element, attribute).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new OvfException(what + " has no " + attribute));
    }

    /** The hardware found so far, item by item. */
    private static final class Hardware {
        int vcpus;
        int coresPerSocket;
        long memoryMib;
        final List<PackagedVm.Disk> disks = new ArrayList<>();
        final List<PackagedVm.Nic> nics = new ArrayList<>();
        final List<String> leftOut = new ArrayList<>();
        Optional<PackagedVm.Cdrom> cdrom = Optional.empty();
        /** Disk controllers by InstanceID, in words ("SCSI lsilogic"), for the disks whose Parent they are. */
        final Map<String, String> controllers = new LinkedHashMap<>();

        void controller(Element item) {
            String type = OvfXml.text(item, "ResourceType").orElse("").strip();
            String bus = type.equals(String.valueOf(IDE)) ? "IDE" : type.equals(String.valueOf(SCSI)) ? "SCSI"
                    : type.equals(String.valueOf(OTHER_STORAGE)) ? "Storage" : "";
            Optional<String> id = OvfXml.text(item, "InstanceID");
            if (!bus.isEmpty() && id.isPresent()) {
                controllers.put(id.get().strip(), (bus + " " + OvfXml.text(item, "ResourceSubType").orElse("")).strip());
            }
        }

        void add(Element item, Map<String, PackagedVm.Disk> known, Map<String, OvfPackage.FileRef> files)
                throws OvfException {
            String label = OvfXml.text(item, "ElementName").or(() -> OvfXml.text(item, "Caption"))
                    .or(() -> OvfXml.text(item, "Description")).orElse("an item");
            int type = (int) OvfUnits.number(OvfXml.text(item, "ResourceType")
                    .orElseThrow(() -> new OvfException("Item " + label + " has no ResourceType")), "The type of " + label);
            switch (type) {
                case PROCESSOR -> {
                    vcpus = (int) Math.min(Integer.MAX_VALUE, OvfUnits.number(quantity(item, label), "vCPUs of " + label));
                    Optional<String> cores = OvfXml.text(item, "CoresPerSocket");
                    coresPerSocket = cores.isEmpty() ? 0
                            : (int) Math.min(Integer.MAX_VALUE, OvfUnits.number(cores.get(), "Cores per socket"));
                }
                case MEMORY -> memoryMib = OvfUnits.bytes(quantity(item, label),
                        OvfXml.text(item, "AllocationUnits").orElse(null), 1L << 20, "The memory") >> 20;
                case IDE, SCSI, OTHER_STORAGE -> { }
                case DISK -> {
                    PackagedVm.Disk disk = disk(item, label, known, files);
                    String controller = OvfXml.text(item, "Parent").map(String::strip).map(controllers::get).orElse("");
                    disks.add(new PackagedVm.Disk(disk.id(), disk.file(), disk.capacityBytes(), controller));
                }
                case ETHERNET -> nics.add(new PackagedVm.Nic(OvfXml.text(item, "Connection").orElse(""),
                        OvfXml.text(item, "ResourceSubType").orElse(""), Optional.empty()));
                case CD, DVD -> cdrom(item, label, files);
                default -> leftOut.add(label + " (resource type " + type + "): the engine has no such device");
            }
        }

        /**
         * The first CD/DVD drive is the VM's CD-ROM drive, holding the ISO image its HostResource names when that is
         * a file of the package ({@code ovf:/file/ID}); an empty drive, or one naming the host's drive, stays empty,
         * and the notes say so.
         */
        private void cdrom(Element item, String label, Map<String, OvfPackage.FileRef> files) {
            Optional<String> resource = OvfXml.text(item, "HostResource").map(String::strip).filter(r -> !r.isEmpty());
            if (resource.isEmpty()) {
                leftOut.add(label + " (CD/DVD drive) holds no image of the package; the VM's CD-ROM drive is empty");
                return;
            }
            String ref = resource.get().replaceFirst("^ovf:", "");
            OvfPackage.FileRef file = ref.startsWith("/file/") ? files.get(ref.substring("/file/".length())) : null;
            if (file == null) {
                leftOut.add(label + " (CD/DVD drive) held " + OvfUnits.abbreviate(resource.get()) + ", which is no"
                        + " file of the package; the VM's CD-ROM drive is empty");
            } else if (cdrom.isPresent()) {
                leftOut.add(label + " (CD/DVD drive) with " + file.href() + " was left out: a Vireo VM has one CD-ROM"
                        + " drive, which holds " + cdrom.get().file());
            } else if (file.gzip()) {
                leftOut.add(label + " (CD/DVD drive) held " + file.href() + ", which the package stores"
                        + " gzip-compressed; it was not imported and the VM's CD-ROM drive is empty");
            } else {
                cdrom = Optional.of(new PackagedVm.Cdrom(label, file.href()));
            }
        }

        private static String quantity(Element item, String label) throws OvfException {
            return OvfXml.text(item, "VirtualQuantity")
                    .orElseThrow(() -> new OvfException("Item " + label + " has no VirtualQuantity"));
        }

        /**
         * {@code ovf:/disk/ID}, {@code /disk/ID}, or a file reference {@code ovf:/file/ID} (no DiskSection entry: its
         * capacity is what the file's disk holds).
         */
        private PackagedVm.Disk disk(Element item, String label, Map<String, PackagedVm.Disk> known,
                Map<String, OvfPackage.FileRef> files) throws OvfException {
            String resource = OvfXml.text(item, "HostResource")
                    .orElseThrow(() -> new OvfException("Disk " + label + " has no HostResource"));
            String ref = resource.replaceFirst("^ovf:", "");
            if (ref.startsWith("/disk/")) {
                PackagedVm.Disk disk = known.get(ref.substring("/disk/".length()));
                if (disk == null) {
                    throw new OvfException("Disk " + label + " names " + resource + ", which DiskSection does not list");
                }
                return disk;
            }
            if (ref.startsWith("/file/")) {
                OvfPackage.FileRef file = files.get(ref.substring("/file/".length()));
                if (file == null) {
                    throw new OvfException("Disk " + label + " names " + resource + ", which References does not"
                            + " list");
                }
                if (file.gzip()) {
                    throw new OvfException("Disk " + label + " names the gzip-compressed " + file.href() + " directly;"
                            + " such a disk needs a DiskSection entry, whose capacity bounds its unpacking");
                }
                return new PackagedVm.Disk(label, Optional.of(file), 0, "");
            }
            throw new OvfException("Disk " + label + " names " + OvfUnits.abbreviate(resource) + "; Vireo imports"
                    + " disks that DiskSection or References describe (ovf:/disk/…, ovf:/file/…)");
        }
    }
}
