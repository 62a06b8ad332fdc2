package io.vireo.console.vm;

import java.io.IOException;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.engine.DiskImages;
import io.vireo.console.quota.ResourceUsage;
import io.vireo.console.quota.Resources;
import io.vireo.console.vm.internal.VmRepository;

/**
 * A team holds what its VMs have: their vCPUs, memory and disks, and one VM each. A disk's snapshots hold what
 * their deltas measure on top of the disk's size (a linked disk's own files are all counted by the disk itself).
 */
@Component
class VmResourceUsage implements ResourceUsage {

    private final VmRepository vms;
    private final DiskImages images;

    VmResourceUsage(VmRepository vms, DiskImages images) {
        this.vms = vms;
        this.images = images;
    }

    @Override
    @Transactional(readOnly = true)
    public Resources heldBy(Long teamId) {
        return vms.findByTeamId(teamId).stream().map(vm -> vm.resources().plus(new Resources(0, 0, snapshotGib(vm), 0)))
                .reduce(Resources.NONE, Resources::plus);
    }

    private long snapshotGib(Vm vm) {
        long gib = 0;
        for (VmDisk disk : vm.getDisks()) {
            if (disk.isLinked()) {
                continue;
            }
            try {
                List<DiskImages.ChainFile> chain = images.chain(vm.folder().resolve(disk.fileName()));
                gib += disk.snapshotDeltaGib(vm.folder(), chain.getLast().file());
            } catch (IOException unreadable) {
                // a disk whose files cannot be read adds nothing it could be measured by; drift reports it
            }
        }
        return gib;
    }
}
