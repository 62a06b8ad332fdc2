package io.vireo.console.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import io.vireo.console.VireoProperties;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.vm.VmPageSection;

/** The snapshot tree on a VM's page, with each disk's chain now: its top, size and depth. */
@Component
class SnapshotPageSection implements VmPageSection {

    private final SnapshotService snapshots;
    private final DiskImages disks;
    private final HostDriver host;
    private final int maxDepth;

    SnapshotPageSection(SnapshotService snapshots, DiskImages disks, HostDriver host,
            VireoProperties properties) {
        this.snapshots = snapshots;
        this.disks = disks;
        this.host = host;
        this.maxDepth = properties.snapshots().maxDepth();
    }

    @Override
    public void addTo(Long vmId, Model model) {
        List<DiskChainView> chains = new ArrayList<>();
        for (Map.Entry<Integer, Path> top : snapshots.tops(vmId).entrySet()) {
            int depth = depth(top.getValue());
            chains.add(new DiskChainView(top.getKey(), top.getValue().getFileName().toString(),
                    SnapshotView.sizeOf(top.getValue()), depth, depth > maxDepth));
        }
        model.addAttribute("snapshots", snapshots.tree(vmId));
        model.addAttribute("diskChains", chains);
        model.addAttribute("chainsTooDeep", chains.stream().anyMatch(DiskChainView::tooDeep));
        model.addAttribute("maxChainDepth", maxDepth);
        model.addAttribute("vmIsOff", host.state(vmId) == RuntimeState.OFF);
    }

    /** 0 when the chain cannot be read (a file is missing): the VM's events and power-on say why. */
    private int depth(Path top) {
        try {
            return disks.chain(top).size();
        } catch (IOException e) {
            return 0;
        }
    }
}
