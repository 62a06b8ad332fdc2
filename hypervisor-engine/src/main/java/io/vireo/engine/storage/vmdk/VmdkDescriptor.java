package io.vireo.engine.storage.vmdk;

import io.vireo.engine.storage.ImageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text descriptor of a VMDK whose data lies in separate extent files: monolithicFlat ({@code disk-flat.vmdk}, and
 * ESXi's {@code vmfs} kind, whose VMFS extent is a flat file once copied off the datastore), the split kinds
 * ({@code twoGbMaxExtentSparse}, {@code twoGbMaxExtentFlat}) and a sparse extent described apart. A snapshot delta
 * (VMware's {@code disk-000001.vmdk}) names its parent by {@code parentFileNameHint}, which like every extent must be
 * a plain file name beside the descriptor. The same text is embedded in a monolithicSparse file, where it is read for
 * the parent alone. ESXi's own snapshot deltas (VMFSSPARSE, SESPARSE extents) are refused.
 */
public record VmdkDescriptor(String createType, List<Extent> extents, Optional<String> parent) {
    static final int MAX_BYTES = 64 * 1024;
    static final String SIGNATURE = "# Disk DescriptorFile";
    private static final int MAX_EXTENTS = 1024;
    private static final Pattern EXTENT = Pattern.compile(
            "(RW|RDONLY|NOACCESS)\\s+(\\d+)\\s+(FLAT|SPARSE|ZERO|VMFS|VMFSSPARSE|SESPARSE)(?:\\s+\"([^\"]*)\"(?:\\s+(\\d+))?)?");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ ()+-]{0,254}");

    /** One extent: {@code sectors} of the disk from {@code file} (none for ZERO), FLAT ones from sector {@code offset}. */
    public record Extent(long sectors, Kind kind, String file, long offset) {
    }

    public enum Kind {
        FLAT, SPARSE, ZERO
    }

    static VmdkDescriptor parse(String text, String name) throws ImageException {
        VmdkDescriptor d = parseAny(text, name);
        if (d.extents().isEmpty()) {
            throw new ImageException(name + ": the VMDK descriptor names no extent");
        }
        return d;
    }

    /** The parent a sparse file's embedded descriptor names, if any; its extent lines are the file itself. */
    static Optional<String> embeddedParent(String text, String name) throws ImageException {
        return parseAny(text, name).parent();
    }

    private static VmdkDescriptor parseAny(String text, String name) throws ImageException {
        String createType = "";
        String parentCid = "ffffffff";
        Optional<String> parent = Optional.empty();
        List<Extent> extents = new ArrayList<>();
        long total = 0;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = EXTENT.matcher(line);
            if (m.matches()) {
                Extent extent = extent(m, name);
                total += extent.sectors();
                if (extents.size() == MAX_EXTENTS || total > VmdkHeader.MAX_CAPACITY_SECTORS) {
                    throw new ImageException(name + ": the VMDK descriptor describes too many extents or sectors");
                }
                extents.add(extent);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip().replace("\"", "");
                switch (key) {
                    case "createType" -> createType = value;
                    case "parentCID" -> parentCid = value;
                    case "parentFileNameHint" -> parent = Optional.of(plain(value, "parent", name));
                    default -> { }
                }
            }
        }
        if (parent.isEmpty() && !parentCid.equalsIgnoreCase("ffffffff")) {
            throw new ImageException(name + ": the VMDK is a snapshot delta that does not name its parent"
                    + " (parentFileNameHint)");
        }
        return new VmdkDescriptor(createType, List.copyOf(extents), parent);
    }

    /** A file the descriptor names: a plain name beside it, never a path that leads elsewhere. */
    private static String plain(String file, String what, String name) throws ImageException {
        if (file == null || !PLAIN.matcher(file).matches() || file.contains("..")) {
            throw new ImageException(name + ": the VMDK " + what + " \"" + (file == null ? "" : file)
                    + "\" is not a plain file name beside the descriptor");
        }
        return file;
    }

    private static Extent extent(Matcher m, String name) throws ImageException {
        long sectors = Long.parseLong(m.group(2));
        String type = m.group(3).toUpperCase(Locale.ROOT);
        if (type.endsWith("SPARSE") && !type.equals("SPARSE")) {
            throw new ImageException(name + ": its extent is an ESXi snapshot delta (" + type + "), which is not read"
                    + " here; consolidate the VM's snapshots in ESXi first");
        }
        // ESXi's VMFS extent (disk-flat.vmdk) copied off its datastore is a plain flat file, as QEMU reads it too.
        Kind kind = type.equals("VMFS") ? Kind.FLAT : Kind.valueOf(type);
        String file = kind == Kind.ZERO ? m.group(4) : plain(m.group(4), "extent", name);
        long offset = m.group(5) == null ? 0 : Long.parseLong(m.group(5));
        if (sectors > VmdkHeader.MAX_CAPACITY_SECTORS || offset > VmdkHeader.MAX_CAPACITY_SECTORS) {
            throw new ImageException(name + ": a VMDK extent of " + sectors + " sectors is out of range");
        }
        return new Extent(sectors, kind, kind == Kind.ZERO ? "" : file, offset);
    }
}
