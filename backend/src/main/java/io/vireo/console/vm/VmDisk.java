package io.vireo.console.vm;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.IdentifiedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "vm_disks")
public class VmDisk extends IdentifiedEntity {

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

    protected VmDisk() {
    }

    VmDisk(Vm vm, int position, long sizeGib, DiskBus bus, DiskFormat format, Datastore datastore) {
        this.vm = vm;
        this.position = position;
        this.sizeGib = sizeGib;
        this.bus = bus;
        this.format = format;
        this.datastore = datastore;
    }

    /** The disk's file name inside the VM directory. */
    public String fileName() {
        return "disk" + position + "." + format.extension();
    }

    public int getPosition() { return position; }
    public long getSizeGib() { return sizeGib; }
    public DiskBus getBus() { return bus; }
    public DiskFormat getFormat() { return format; }
    public Datastore getDatastore() { return datastore; }
}
