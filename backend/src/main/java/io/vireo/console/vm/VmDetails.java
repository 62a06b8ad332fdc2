package io.vireo.console.vm;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.engine.RuntimeStats;
import io.vireo.console.engine.HostDriver;

/** What the VM pages and the API show beyond the record: its events and, while it runs, the engine's figures. */
@Service
public class VmDetails {

    private final VmService vms;
    private final VmEventRepository events;
    private final HostDriver host;

    VmDetails(VmService vms, VmEventRepository events, HostDriver host) {
        this.vms = vms;
        this.events = events;
        this.host = host;
    }

    @Transactional(readOnly = true)
    public List<VmEventView> events(Long id) {
        vms.get(id);
        return events.findTop50ByVmIdOrderByAtDescIdDesc(id).stream().map(VmEventView::of).toList();
    }

    @Transactional(readOnly = true)
    public Optional<RuntimeStats> stats(Long id) {
        vms.get(id);
        return host.stats(id);
    }

    @Transactional(readOnly = true)
    public Optional<byte[]> screenshot(Long id) {
        vms.get(id);
        return host.screenshot(id);
    }
}
