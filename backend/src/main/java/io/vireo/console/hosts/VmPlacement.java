package io.vireo.console.hosts;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** That a VM runs on a libvirt host; a VM without one runs on the embedded engine. Deleting the VM deletes it. */
@Entity
@Table(name = "vm_hosts")
public class VmPlacement {

    @Id
    private Long vmId;
    private Long hostId;

    protected VmPlacement() {
    }

    VmPlacement(Long vmId, Long hostId) {
        this.vmId = vmId;
        this.hostId = hostId;
    }

    public Long getVmId() { return vmId; }

    public Long getHostId() { return hostId; }
}
