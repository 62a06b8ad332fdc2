package io.vireo.console.vm;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import io.vireo.console.network.NetworkService;
import io.vireo.console.network.NetworkView;

/** The VM page's network cards: each with its lease, counters, link and forwards, and the networks to plug into. */
@Component
class VmNicSection implements VmPageSection {

    private static final PageRequest CHOICES = PageRequest.of(0, 200, Sort.by("name"));

    private final VmNics nics;
    private final NetworkService networks;

    VmNicSection(VmNics nics, NetworkService networks) {
        this.nics = nics;
        this.networks = networks;
    }

    @Override
    public void addTo(Long vmId, Model model) {
        model.addAttribute("nicViews", nics.list(vmId));
        model.addAttribute("networks", networks.list("", CHOICES).map(NetworkView::of).toList());
        model.addAttribute("protocols", ForwardProtocol.values());
    }
}
