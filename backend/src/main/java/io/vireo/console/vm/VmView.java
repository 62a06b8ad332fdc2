package io.vireo.console.vm;

import java.time.Instant;
import java.util.List;

import io.vireo.console.audit.AuditTarget;

/** A VM as the pages and the API show it, built inside the transaction that read it. */
public record VmView(Long id, String name, String description, Long teamId, String teamName, int vcpus,
        long memoryMib, long diskGib, PowerState powerState, BootSource bootSource, Long bootImageId,
        Long templateId, Long datastoreId, String host, Long currentSnapshotId, List<Disk> disks, List<Nic> nics,
        String createdBy, Instant createdAt, Instant updatedAt, String uuid, String hostname, int sockets,
        int coresPerSocket, int threadsPerCore, long memoryMinMib, VmCpu cpu, GuestArchitecture architecture)
        implements AuditTarget {

    public static VmView of(Vm vm) {
        return new VmView(vm.getId(), vm.getName(), vm.getDescription(), vm.teamId(), vm.getTeam().getName(),
                vm.getVcpus(), vm.getMemoryMib(), vm.totalDiskGib(), vm.getPowerState(), vm.getBootSource(),
                vm.getBootImage() == null ? null : vm.getBootImage().getId(),
                vm.getTemplate() == null ? null : vm.getTemplate().getId(), vm.getDatastore().getId(), vm.getHost(),
                vm.getCurrentSnapshotId(),
                vm.getDisks().stream().map(d -> new Disk(d.getPosition(), d.getSizeGib(), d.getBus(),
                        d.getDatastore().getName(), d.fileName(), d.getBasePath())).toList(),
                vm.getNics().stream().map(Nic::of).toList(),
                vm.getCreatedBy(), vm.getCreatedAt(), vm.getUpdatedAt(), vm.getUuid(), vm.hostname(),
                vm.topology().sockets(), vm.topology().coresPerSocket(), vm.topology().threadsPerCore(),
                vm.memory().minimumMib(), vm.cpu(), vm.getArchitecture());
    }

    /** How the vCPUs sit in sockets, for the VM page. */
    public VmTopology topology() {
        return new VmTopology(sockets, coresPerSocket, threadsPerCore);
    }

    @Override
    public Long getId() {
        return id;
    }

    /** The same VM in the state the engine reported, which the record follows a moment later. */
    public VmView withPowerState(PowerState state) {
        return new VmView(id, name, description, teamId, teamName, vcpus, memoryMib, diskGib, state, bootSource,
                bootImageId, templateId, datastoreId, host, currentSnapshotId, disks, nics, createdBy, createdAt,
                updatedAt, uuid, hostname, sockets, coresPerSocket, threadsPerCore, memoryMinMib, cpu, architecture);
    }

    /** {@code base}: the frozen file (relative to the datastore) a linked disk stands on; null otherwise. */
    public record Disk(int position, long sizeGib, DiskBus bus, String datastore, String file, String base) {
    }

    /** A network card as recorded; {@code vlan}, {@code rateLimitMbps} and {@code reservedAddress} may be null. */
    public record Nic(Long id, int position, Long networkId, String network, String mac, NicModel model, Integer vlan,
            Integer rateLimitMbps, String reservedAddress, boolean linkUp) {

        static Nic of(VmNic n) {
            return new Nic(n.getId(), n.getPosition(), n.getNetwork().getId(), n.getNetwork().getName(), n.getMac(),
                    n.getModel(), n.getVlan(), n.getRateLimitMbps(), n.getReservedAddress(), n.isLinkUp());
        }
    }
}
