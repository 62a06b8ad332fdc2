package io.vireo.console.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.IdentifiedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A VM's disk: a chain of files in the VM's folder, of which the console records the top, the file the VM
 * writes. A new disk is one file ({@code disk0.qcow2}); every snapshot freezes the top and puts a qcow2 delta
 * ({@code disk0-1.qcow2}) over it. The files below the top are found through each file's backing name.
 */
@Entity
@Table(name = "vm_disks")
public class VmDisk extends IdentifiedEntity {
    private static final long GIB = 1L << 30;
    /**
     * Every file name of a chain in a VM's folder: a plain name, never a path, so a name read back from a
     * {@code vm.conf} cannot reach outside the folder.
     */
    public static final Pattern FILE_NAME = Pattern.compile("disk[0-9]{1,2}(-[0-9]{1,9})?\\.(raw|qcow2)");

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Vm vm;
    private int position;
    private long sizeGib;
    @Enumerated(EnumType.STRING)
    private DiskBus bus;
    @Enumerated(EnumType.STRING)
    private DiskFormat format;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Datastore datastore;
    private String fileName;
    /**
     * The frozen file outside the VM's folder that the bottom of this disk's chain stands on (a linked clone's
     * base), relative to the datastore: {@code vm-12/disk0-3.qcow2}, {@code template-4/disk0.qcow2},
     * {@code images/debian.qcow2}. Null for a disk whose whole chain is in the VM's folder.
     */
    private String basePath;

    protected VmDisk() {
    }

    VmDisk(Vm vm, int position, long sizeGib, DiskBus bus, DiskFormat format, Datastore datastore, String fileName) {
        this.vm = vm;
        this.position = position;
        this.sizeGib = sizeGib;
        this.bus = bus;
        this.format = format;
        this.datastore = datastore;
        this.fileName = requirePlainName(fileName);
    }

    /** The name a new disk's only file gets. */
    static String firstFileName(int position, DiskFormat format) {
        return "disk" + position + "." + format.extension();
    }

    static String requirePlainName(String file) {
        if (!FILE_NAME.matcher(file).matches()) {
            throw new InvalidFieldException("file", "Disk file \"" + (file.length() > 40 ? file.substring(0, 40) + "…"
                    : file) + "\" is not a disk file name in a VM folder (diskN.qcow2, diskN-M.qcow2 or diskN.raw)");
        }
        return file;
    }

    /** The top of the disk's chain: the file, inside the VM directory, that the VM reads and writes. */
    public String fileName() {
        return fileName;
    }

    /** The VM now writes to {@code file}, a qcow2 file of this disk's chain (deltas and flattened disks are). */
    void pointAt(String file) {
        this.fileName = requirePlainName(file);
        this.format = DiskFormat.QCOW2;
    }

    /** This disk is a delta over {@code basePath}, a frozen file of the datastore; see {@link #getBasePath()}. */
    void standOn(String basePath) {
        this.basePath = LinkedBase.requireValid(basePath);
    }

    /**
     * A linked disk's own files in the VM's folder (its delta, and its snapshots' deltas) measured, in whole GiB
     * rounded up: at least 1, which a fresh delta rounds up to. {@code folder} is null before the VM has one.
     */
    long ownGib(Path folder) {
        long bytes = 0;
        if (folder != null && Files.isDirectory(folder)) {
            String prefix = "disk" + position;
            try (Stream<Path> files = Files.list(folder)) {
                bytes = files.filter(f -> ownsFile(prefix, f.getFileName().toString())).mapToLong(VmDisk::size).sum();
            } catch (IOException e) {
                bytes = 0;
            }
        }
        return Math.max(1, (bytes + GIB - 1) / GIB);
    }

    private static boolean ownsFile(String prefix, String name) {
        return FILE_NAME.matcher(name).matches() && (name.startsWith(prefix + ".") || name.startsWith(prefix + "-"));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    public boolean isLinked() {
        return basePath != null;
    }

    public String getBasePath() { return basePath; }

    void movedTo(Datastore store) {
        this.datastore = store;
    }

    public int getPosition() { return position; }
    public long getSizeGib() { return sizeGib; }
    public DiskBus getBus() { return bus; }
    public DiskFormat getFormat() { return format; }
    public Datastore getDatastore() { return datastore; }
}
