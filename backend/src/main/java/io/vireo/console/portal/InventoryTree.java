package io.vireo.console.portal;

import java.util.List;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.VireoProperties;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.host.LocalHost;
import io.vireo.console.network.NetworkService;
import io.vireo.console.template.TemplateService;
import io.vireo.console.vm.PowerState;
import io.vireo.console.vm.VmFilter;
import io.vireo.console.vm.VmQueries;

/**
 * The navigation tree of the admin console — datacenter → host → VMs, then templates, networks and
 * datastores — holding only what the caller may see. The layout asks for it ({@code @inventoryTree}),
 * so partial htmx answers never pay for it.
 */
@Component
public class InventoryTree {

    private static final int SHOWN = 50;

    private final VmQueries vms;
    private final TemplateService templates;
    private final NetworkService networks;
    private final DatastoreService datastores;
    private final LocalHost host;
    private final VireoProperties properties;

    InventoryTree(VmQueries vms, TemplateService templates, NetworkService networks, DatastoreService datastores,
            LocalHost host, VireoProperties properties) {
        this.vms = vms;
        this.templates = templates;
        this.networks = networks;
        this.datastores = datastores;
        this.host = host;
        this.properties = properties;
    }

    @Transactional(readOnly = true)
    public Tree current() {
        PageRequest first = PageRequest.of(0, SHOWN, Sort.by("name"));
        return new Tree(properties.datacenterName(), host.name(),
                vms.summaries(VmFilter.ALL, first).map(v -> new Node(v.id(), v.name(), v.powerState())).toList(),
                templates.list("", first).map(t -> new Node(t.id(), t.name(), null)).toList(),
                networks.list("", first).map(n -> new Node(n.getId(), n.getName(), null)).toList(),
                datastores.list("", first).map(d -> new Node(d.getId(), d.getName(), null)).toList());
    }

    public record Tree(String datacenter, String host, List<Node> vms, List<Node> templates, List<Node> networks,
            List<Node> datastores) {
    }

    public record Node(Long id, String name, PowerState state) {
    }
}
