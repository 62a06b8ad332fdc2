package io.vireo.console.vm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.image.Image;
import io.vireo.console.quota.Resources;
import io.vireo.console.team.Team;
import io.vireo.console.template.Template;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A virtual machine in the inventory: its hardware, owner and recorded state.
 *
 * <p>Just over 400 lines because it is one table's mapping: most of it is fields and their accessors, and the
 * checks on them stay beside the fields they guard.
 */
@Entity
@Table(name = "vms")
public class Vm extends IdentifiedEntity implements AuditTarget {

    /** The VM's identity beyond this inventory (its vm.conf carries it): new for every VM, clone and copy. */
    private String uuid;
    private String name;
    private String description;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Team team;
    private int vcpus;
    private long memoryMib;
    @Enumerated(EnumType.STRING)
    private PowerState powerState;
    @Enumerated(EnumType.STRING)
    private BootSource bootSource;
    @ManyToOne(fetch = FetchType.LAZY)
    private Image bootImage;
    @ManyToOne(fetch = FetchType.LAZY)
    private Template template;
    /** The ISO image in the VM's one CD-ROM drive; none: the drive is empty. */
    @ManyToOne(fetch = FetchType.LAZY)
    private Image cdromImage;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Datastore datastore;
    private String host;
    private Long currentSnapshotId;
    private String createdBy;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant poweredOnAt;
    private int nextDelta = 1;
    private int cpuShares = VmCpu.DEFAULT_SHARES;
    private int cpuCapPercent;
    private int coresPerSocket;
    private int threadsPerCore = 1;
    private long memoryMinMib;
    @Enumerated(EnumType.STRING)
    private GuestArchitecture architecture = GuestArchitecture.RISCV64;
    @Version
    private long version;
    @OneToMany(mappedBy = "vm", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    private List<VmDisk> disks = new ArrayList<>();
    @OneToMany(mappedBy = "vm", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    private List<VmNic> nics = new ArrayList<>();

    protected Vm() {
    }

    Vm(String name, String description, Team team, int vcpus, long memoryMib, BootSource bootSource, Image bootImage,
            Template template, Datastore datastore, String host, String createdBy, Instant now) {
        this.name = name;
        this.description = description;
        this.team = team;
        this.vcpus = vcpus;
        this.coresPerSocket = vcpus;
        this.memoryMib = memoryMib;
        this.memoryMinMib = VmMemory.of(memoryMib, null).minimumMib();
        this.bootSource = bootSource;
        this.bootImage = bootImage;
        this.template = template;
        this.datastore = datastore;
        this.host = host;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
        this.powerState = PowerState.PROVISIONING;
        this.uuid = UUID.randomUUID().toString();
    }

    /** A VM imported from another hypervisor, or registered from its folder, keeps its guest's architecture. */
    void builtFor(GuestArchitecture architecture) {
        this.architecture = architecture;
    }

    public GuestArchitecture getArchitecture() {
        return architecture;
    }

    /** A VM registered from its folder keeps the identity its vm.conf names. */
    void keepIdentity(String uuid) {
        this.uuid = uuid;
    }

    /**
     * The host name the guest is given (on the kernel command line): the VM's name as a DNS label, lower case,
     * with anything but letters, digits and dashes turned into dashes.
     */
    public String hostname() {
        String label = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        label = label.length() > 63 ? label.substring(0, 63).replaceAll("-+$", "") : label;
        return label.isEmpty() ? "vm-" + getId() : label;
    }

    /** A new disk: a thin qcow2 file the provisioning task creates. */
    void addDisk(long sizeGib, DiskBus bus, Datastore store) {
        addDisk(sizeGib, bus, DiskFormat.QCOW2, store);
    }

    void addDisk(long sizeGib, DiskBus bus, DiskFormat format, Datastore store) {
        addDisk(sizeGib, bus, format, store, VmDisk.firstFileName(disks.size(), format));
    }

    /** A disk whose chain is already in the folder, topped by {@code file} (a VM registered from its folder). */
    void addDisk(long sizeGib, DiskBus bus, DiskFormat format, Datastore store, String file) {
        disks.add(new VmDisk(this, disks.size(), sizeGib, bus, format, store, file));
    }

    /**
     * The name of a new delta file for disk {@code position}: the VM's counter only grows, so no name is
     * reused, not even one a deleted snapshot had.
     */
    public String newDeltaFile(int position) {
        disk(position);
        return "disk" + position + "-" + nextDelta++ + "." + DiskFormat.QCOW2.extension();
    }

    /** Disk {@code position} now reads and writes {@code file}, a qcow2 file in the VM's folder. */
    public void pointDiskAt(int position, String file, Instant now) {
        disk(position).pointAt(file);
        this.updatedAt = now;
    }

    /** Delta names a registered folder already uses are never handed out again. */
    void continueDeltasFrom(int next) {
        nextDelta = Math.max(nextDelta, next);
    }

    private VmDisk disk(int position) {
        if (position < 0 || position >= disks.size()) {
            throw new IllegalArgumentException("VM " + name + " has no disk " + position);
        }
        return disks.get(position);
    }

    /** Hardware changes need the VM off: the engine does not hot-plug CPUs or memory. */
    void reconfigure(String name, String description, VmTopology cpus, VmMemory memory, Instant now) {
        requireStopped();
        this.name = name;
        this.description = description;
        resize(cpus, memory, now);
    }

    /** Its vCPUs in their sockets, and its memory with the least its balloon may leave it. */
    void resize(VmTopology cpus, VmMemory memory, Instant now) {
        this.vcpus = cpus.vcpus();
        this.coresPerSocket = cpus.coresPerSocket();
        this.threadsPerCore = cpus.threadsPerCore();
        this.memoryMib = memory.memoryMib();
        this.memoryMinMib = memory.minimumMib();
        this.updatedAt = now;
    }

    public VmTopology topology() {
        return new VmTopology(vcpus / (coresPerSocket * threadsPerCore), coresPerSocket, threadsPerCore);
    }

    public VmMemory memory() {
        return new VmMemory(memoryMib, memoryMinMib);
    }

    private void requireStopped() {
        if (powerState.mayBeRunning() || powerState == PowerState.PROVISIONING) {
            throw new ConflictException("VM is busy", "Stop VM " + this.name + " before changing its hardware");
        }
        if (powerState == PowerState.SUSPENDED) {
            throw new ConflictException("VM is suspended", "VM " + this.name + " is suspended: its saved state"
                    + " belongs to its current hardware. Resume it and shut it down, or power it off (discarding the"
                    + " saved state), before changing its hardware");
        }
    }

    /**
     * The disc in the CD-ROM drive ({@code null}: empty). It changes while the VM is stopped, or while it runs once
     * the engine has changed it, never while a saved state holds the drive as it was.
     */
    void changeDisc(Image iso, Instant now) {
        if (powerState == PowerState.SUSPENDED || powerState == PowerState.PROVISIONING
                || powerState == PowerState.BUSY) {
            throw new ConflictException("VM is " + powerState.name().toLowerCase(Locale.ROOT), "VM " + name + " is "
                    + powerState.name().toLowerCase(Locale.ROOT) + "; change its CD-ROM when it is stopped or runs");
        }
        putDisc(iso);
        this.updatedAt = now;
    }

    /** The disc a VM being made starts with. */
    void putDisc(Image iso) {
        this.cdromImage = iso;
    }

    /**
     * Refuses {@code what} for a VM with SCSI disks: the engine's snapshots and disk swaps count only virtio-blk
     * disks, and clones and templates would turn them into virtio-blk ones.
     */
    public void ensureVirtioDisksOnly(String what) {
        if (disks.stream().anyMatch(d -> d.getBus() == DiskBus.SCSI)) {
            throw new ConflictException("VM has SCSI disks", "VM " + name + " has SCSI disks: " + what + " is not"
                    + " offered for them yet, since the engine's disk operations cover only virtio-blk disks");
        }
    }

    // Network cards: plugged in when the VM is made or registered, changed only while it is stopped (no hot-plug).

    /** A NIC of a VM being made or registered; disks and NICs share the engine's device slots. */
    void addNic(NicPlug plug) {
        if (disks.size() + nics.size() >= LaunchSpec.DISK_AND_NIC_SLOTS) {
            throw new ConflictException("No room for a NIC", "VM " + name + " has " + disks.size() + " disks and "
                    + nics.size() + " network cards, and the engine gives a VM room for "
                    + LaunchSpec.DISK_AND_NIC_SLOTS + " of them together");
        }
        nics.add(new VmNic(this, nics.size(), plug));
    }

    VmNic plugNic(NicPlug plug, Instant now) {
        requireStopped();
        addNic(plug);
        this.updatedAt = now;
        return nics.getLast();
    }

    void replugNic(VmNic nic, NicPlug plug, Instant now) {
        requireStopped();
        nic.plugInto(plug);
        this.updatedAt = now;
    }

    /** The NICs after it move up one: positions stay 0, 1, … as the guest numbers its eth devices. */
    void unplugNic(VmNic nic, Instant now) {
        requireStopped();
        nics.remove(nic);
        for (int i = 0; i < nics.size(); i++) {
            nics.get(i).moveTo(i);
        }
        this.updatedAt = now;
    }

    /** Shares and cap change at any time: a running VM gets them at once. */
    void allocateCpu(VmCpu cpu, Instant now) {
        this.cpuShares = cpu.shares();
        this.cpuCapPercent = cpu.capPercent();
        this.updatedAt = now;
    }

    public VmCpu cpu() {
        return new VmCpu(cpuShares, cpuCapPercent);
    }

    void ensureRemovable() {
        if (powerState.mayBeRunning()) {
            throw new ConflictException("VM is " + powerState.name().toLowerCase(Locale.ROOT), "Stop VM " + name
                    + " before deleting it");
        }
    }

    void provisioned(Instant now) {
        this.powerState = PowerState.STOPPED;
        this.updatedAt = now;
    }

    void provisioningFailed(Instant now) {
        this.powerState = PowerState.ERROR;
        this.updatedAt = now;
    }

    /** The engine moved the VM; the inventory follows, whatever it recorded before. */
    void powerChanged(PowerState state, Instant now) {
        if (state == PowerState.RUNNING && !powerState.mayBeRunning()) {
            poweredOnAt = now;
        } else if (!state.mayBeRunning()) {
            poweredOnAt = null;
        }
        this.powerState = state;
        this.updatedAt = now;
    }

    /**
     * Refuses a power action the VM's state {@code now} does not allow, naming what it can do instead. {@code now}
     * is the engine's state while it holds the VM: the recorded one follows it a moment later.
     */
    void ensureAllows(PowerAction action, PowerState now) {
        if (!now.actions().contains(action)) {
            throw new ConflictException("VM is " + now.name().toLowerCase(),
                    "VM " + name + " is " + now.name().toLowerCase() + ": cannot " + action.label().toLowerCase()
                            + " it now");
        }
    }

    /**
     * A task takes the VM's files (a move, a backup): it must be off, and stays off until {@link #idle} or
     * {@link #movedTo}, so nothing writes the files while they are copied.
     */
    void busy(String what, Instant now) {
        if (powerState != PowerState.STOPPED && powerState != PowerState.CRASHED) {
            throw new ConflictException("VM is " + powerState.name().toLowerCase(), "VM " + name + " is "
                    + powerState.name().toLowerCase() + ": stop it (and wait for its tasks) before " + what);
        }
        this.powerState = PowerState.BUSY;
        this.updatedAt = now;
    }

    void idle(Instant now) {
        if (powerState == PowerState.BUSY) {
            this.powerState = PowerState.STOPPED;
            this.updatedAt = now;
        }
    }

    /** Its files now live in {@code store}: the folder of the same name there. */
    void movedTo(Datastore store, Instant now) {
        this.datastore = store;
        disks.forEach(disk -> disk.movedTo(store));
        idle(now);
    }

    public void pointCurrentSnapshotAt(Long snapshotId) {
        this.currentSnapshotId = snapshotId;
    }

    /**
     * What this VM counts against its team's quota. A disk counts its size, except a linked disk: the base it
     * stands on is counted by its owner, so it counts only the files of its own (see {@link VmDisk#ownGib}).
     */
    public Resources resources() {
        long disk = disks.stream().mapToLong(d -> d.isLinked() ? d.ownGib(getId() == null ? null : folder())
                : d.getSizeGib()).sum();
        return new Resources(vcpus, memoryMib, disk, 1);
    }

    public long totalDiskGib() {
        return disks.stream().mapToLong(VmDisk::getSizeGib).sum();
    }

    public Long teamId() {
        return team.getId();
    }

    /** The VM's directory name in its datastore; stable across renames. */
    public String directoryName() {
        return directoryName(getId());
    }

    static String directoryName(Long id) {
        return "vm-" + id;
    }

    /** The VM's folder: its configuration file, disks and serial log. */
    public Path folder() {
        return datastore.directory().resolve(directoryName());
    }

    public String getUuid() { return uuid; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public Team getTeam() { return team; }
    public int getVcpus() { return vcpus; }
    public long getMemoryMib() { return memoryMib; }
    public PowerState getPowerState() { return powerState; }
    public BootSource getBootSource() { return bootSource; }
    public Image getBootImage() { return bootImage; }
    public Template getTemplate() { return template; }
    public Image getCdromImage() { return cdromImage; }
    public Datastore getDatastore() { return datastore; }
    public String getHost() { return host; }

    /** A cold migration put the stopped VM on another host. */
    void movedTo(String newHost, Instant now) {
        this.host = newHost;
        this.updatedAt = now;
    }
    public Long getCurrentSnapshotId() { return currentSnapshotId; }
    public String getCreatedBy() { return createdBy; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getPoweredOnAt() { return poweredOnAt; }
    public int getNextDelta() { return nextDelta; }
    public List<VmDisk> getDisks() { return List.copyOf(disks); }
    public List<VmNic> getNics() { return List.copyOf(nics); }
}
