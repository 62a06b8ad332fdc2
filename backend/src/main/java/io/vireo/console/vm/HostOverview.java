package io.vireo.console.vm;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;

import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.HostLoad;

/** The host's figures with the powered-on VMs the caller may see, for the Host page and API. */
@Service
public class HostOverview {

    private final HostDriver host;
    private final VmQueries vms;

    HostOverview(HostDriver host, VmQueries vms) {
        this.host = host;
        this.vms = vms;
    }

    public HostView overview() {
        HostLoad load = host.hostLoad();
        List<HostView.Row> rows = vms.list(VmFilter.ALL, Pageable.unpaged(Sort.by("name"))).stream()
                .filter(vm -> load.vms().containsKey(vm.id()))
                .map(vm -> new HostView.Row(vm.id(), vm.name(), vm.teamName(), load.vms().get(vm.id())))
                .toList();
        return new HostView(load.cores(), load.memoryMib(), load.vcpus(), load.vcpuOvercommit(),
                load.memoryPromisedMib(), load.memoryHeldMib(), load.memoryOvercommit(), load.memoryLimitMib(), rows);
    }
}
