package io.vireo.console.vm.internal;

import java.util.ArrayList;
import java.util.List;

import io.vireo.console.quota.Resources;
import io.vireo.console.template.TemplateView;
import io.vireo.console.vm.BootSource;
import io.vireo.console.vm.DiskBus;
import io.vireo.console.vm.DiskMode;
import io.vireo.console.vm.NicRequest;
import io.vireo.console.vm.Placement;
import io.vireo.console.vm.VmCpu;
import io.vireo.console.vm.VmRequest;

/**
 * The create form's state, bound from request parameters ({@code disks[0].sizeGib}, …). It becomes a
 * {@link VmRequest}, whose rules are the only ones: the form and the API validate alike.
 */
public class VmForm {

    private String name = "";
    private String description = "";
    private Long teamId;
    private Integer vcpus = 1;
    private Long memoryMib = 1024L;
    private BootSource bootSource = BootSource.TEMPLATE;
    private Long bootImageId;
    private Long templateId;
    private Long datastoreId;
    private List<DiskRow> disks = new ArrayList<>();
    private List<NicRow> nics = new ArrayList<>();
    private Long diskImageId;
    private Long cdromImageId;
    private DiskMode diskMode = DiskMode.LINKED;
    private Integer coresPerSocket;
    private Integer threadsPerCore = 1;
    private Long memoryMinMib;
    private CpuRow cpu = new CpuRow();
    /** The host select: {@link #AUTO}, {@link #LOCAL} or a libvirt host's id. */
    private String host = LOCAL;

    public static final String AUTO = "AUTO";
    public static final String LOCAL = "local";

    /** The form's template is for boot source Template; a VM that boots from its disk gets it from a disk image. */
    public VmRequest toRequest() {
        return new VmRequest(name, blankToNull(description), teamId, vcpus, memoryMib, bootSource, bootImageId,
                bootSource == BootSource.DISK ? null : templateId, datastoreId,
                disks.stream().map(d -> new VmRequest.DiskRequest(d.getSizeGib(), d.getBus())).toList(),
                nics.stream().map(n -> NicRequest.on(n.getNetworkId())).toList(),
                diskImageId, diskMode, coresPerSocket, threadsPerCore, memoryMinMib,
                new VmCpu(cpu.getShares(), cpu.getCapPercent()), cdromImageId, getHostId(), getPlacement());
    }

    /** The host chosen, null for the embedded engine or the scheduler's choice. */
    public Long getHostId() {
        return host != null && host.matches("[0-9]{1,18}") ? Long.valueOf(host) : null;
    }

    public Placement getPlacement() {
        return AUTO.equals(host) ? Placement.AUTO : Placement.CHOSEN;
    }

    /**
     * What the VM would count against the quota, as far as the form is filled in. {@code seededGib} is what the
     * disks made from a disk image or a template's files count (a linked one only its delta), null when there
     * are none; {@code templateDiskGib} the blank disk a template without files gives.
     */
    public Resources demand(Long templateDiskGib, Long seededGib) {
        long disk = disks.stream().mapToLong(d -> d.getSizeGib() == null ? 0 : d.getSizeGib()).sum();
        if (seededGib != null) {
            disk += seededGib;
        } else if (bootSource == BootSource.TEMPLATE && disks.isEmpty() && templateDiskGib != null) {
            disk = templateDiskGib;
        }
        return new Resources(vcpus == null ? 0 : vcpus, memoryMib == null ? 0 : memoryMib, disk, 1);
    }

    /** Applies an "add/remove disk/NIC" button of the form; rows are capped where the API caps them. */
    public void edit(String edit) {
        if (edit == null) {
            return;
        }
        if (edit.equals("addDisk") && disks.size() < 8) {
            disks.add(new DiskRow(10L));
        } else if (edit.startsWith("removeDisk:")) {
            remove(disks, edit.substring("removeDisk:".length()));
        } else if (edit.equals("addNic") && nics.size() < 8) {
            nics.add(new NicRow(nics.isEmpty() ? null : nics.getLast().getNetworkId()));
        } else if (edit.startsWith("removeNic:")) {
            remove(nics, edit.substring("removeNic:".length()));
        }
    }

    /** Starts from a template: its shape and its kernel; the VM gets a blank disk of the template's size. */
    public void startFrom(TemplateView template) {
        bootSource = BootSource.TEMPLATE;
        templateId = template.id();
        vcpus = template.vcpus();
        memoryMib = template.memoryMib();
        disks.clear();
    }

    private static void remove(List<?> rows, String index) {
        try {
            int i = Integer.parseInt(index);
            if (i >= 0 && i < rows.size()) {
                rows.remove(i);
            }
        } catch (NumberFormatException ignored) {
            // A tampered button value changes nothing.
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public Long getTeamId() { return teamId; }
    public void setTeamId(Long teamId) { this.teamId = teamId; }
    public Integer getVcpus() { return vcpus; }
    public void setVcpus(Integer vcpus) { this.vcpus = vcpus; }
    public Long getMemoryMib() { return memoryMib; }
    public void setMemoryMib(Long memoryMib) { this.memoryMib = memoryMib; }
    public BootSource getBootSource() { return bootSource; }
    public void setBootSource(BootSource bootSource) { this.bootSource = bootSource; }
    public Long getBootImageId() { return bootImageId; }
    public void setBootImageId(Long bootImageId) { this.bootImageId = bootImageId; }
    public Long getTemplateId() { return templateId; }
    public void setTemplateId(Long templateId) { this.templateId = templateId; }
    public Long getDatastoreId() { return datastoreId; }
    public void setDatastoreId(Long datastoreId) { this.datastoreId = datastoreId; }
    public List<DiskRow> getDisks() { return disks; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public Long getCdromImageId() { return cdromImageId; }
    public void setCdromImageId(Long cdromImageId) { this.cdromImageId = cdromImageId; }
    public Long getDiskImageId() { return diskImageId; }
    public void setDiskImageId(Long diskImageId) { this.diskImageId = diskImageId; }
    public DiskMode getDiskMode() { return diskMode; }
    public void setDiskMode(DiskMode diskMode) { this.diskMode = diskMode; }
    public void setDisks(List<DiskRow> disks) { this.disks = disks; }
    public List<NicRow> getNics() { return nics; }
    public void setNics(List<NicRow> nics) { this.nics = nics; }
    public Integer getCoresPerSocket() { return coresPerSocket; }
    public void setCoresPerSocket(Integer coresPerSocket) { this.coresPerSocket = coresPerSocket; }
    public Integer getThreadsPerCore() { return threadsPerCore; }
    public void setThreadsPerCore(Integer threadsPerCore) { this.threadsPerCore = threadsPerCore; }
    public Long getMemoryMinMib() { return memoryMinMib; }
    public void setMemoryMinMib(Long memoryMinMib) { this.memoryMinMib = memoryMinMib; }
    public CpuRow getCpu() { return cpu; }
    public void setCpu(CpuRow cpu) { this.cpu = cpu; }

    /** CPU shares and cap ({@code cpu.shares}, {@code cpu.capPercent}, nested as in the API), the defaults at first. */
    public static class CpuRow {
        private Integer shares = VmCpu.DEFAULT_SHARES;
        private Integer capPercent = 0;

        public Integer getShares() { return shares; }
        public void setShares(Integer shares) { this.shares = shares; }
        public Integer getCapPercent() { return capPercent; }
        public void setCapPercent(Integer capPercent) { this.capPercent = capPercent; }
    }

    /** A network card on a network; its MAC is generated (the VM page changes it later if need be). */
    public static class NicRow {
        private Long networkId;

        public NicRow() {
        }

        public NicRow(Long networkId) {
            this.networkId = networkId;
        }

        public Long getNetworkId() { return networkId; }
        public void setNetworkId(Long networkId) { this.networkId = networkId; }
    }

    /** A disk to create; its bus is virtio, the engine's only disk device. */
    public static class DiskRow {
        private Long sizeGib;
        private DiskBus bus = DiskBus.VIRTIO;

        public DiskRow() {
        }

        public DiskRow(Long sizeGib) {
            this.sizeGib = sizeGib;
        }

        public Long getSizeGib() { return sizeGib; }
        public void setSizeGib(Long sizeGib) { this.sizeGib = sizeGib; }
        public DiskBus getBus() { return bus; }
        public void setBus(DiskBus bus) { this.bus = bus; }
    }
}
