package io.vireo.console.vm;

import java.util.List;

import org.springframework.stereotype.Component;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageService;
import io.vireo.console.network.Network;
import io.vireo.console.network.NetworkService;
import io.vireo.console.template.Template;
import io.vireo.console.template.TemplateService;
import io.vireo.console.vm.internal.VmRepository;

/**
 * Finds what a new or registered VM is made of in the modules that own it (its datastore, what it boots,
 * its networks), and says which field names something that does not exist.
 */
@Component
class VmParts {

    private final DatastoreService datastores;
    private final ImageService images;
    private final TemplateService templates;
    private final NetworkService networks;
    private final VmRepository vms;
    private final MacAddresses macs;

    VmParts(DatastoreService datastores, ImageService images, TemplateService templates, NetworkService networks,
            VmRepository vms, MacAddresses macs) {
        this.datastores = datastores;
        this.images = images;
        this.templates = templates;
        this.networks = networks;
        this.vms = vms;
        this.macs = macs;
    }

    /** The datastore a request names, or the first one when it names none. */
    Datastore datastore(Long id) {
        if (id == null) {
            return datastores.first()
                    .orElseThrow(() -> new InvalidFieldException("datastoreId", "No datastore exists yet"));
        }
        return datastores.find(id).orElseThrow(() -> new InvalidFieldException("datastoreId", "No such datastore"));
    }

    Image bootImage(Long id) {
        if (id == null) {
            throw new InvalidFieldException("bootImageId", "Choose the image to boot from");
        }
        return images.find(id).orElseThrow(() -> new InvalidFieldException("bootImageId", "No such image"));
    }

    /** A template the caller may see. */
    Template template(Long id) {
        if (id == null) {
            throw new InvalidFieldException("templateId", "Choose the template to copy");
        }
        try {
            return templates.visible(id);
        } catch (NotFoundException e) {
            throw new InvalidFieldException("templateId", "No such template");
        }
    }

    /** Network cards on the networks a request names, each with a new MAC address. */
    void addNics(Vm vm, List<VmRequest.NicRequest> nics) {
        for (int i = 0; i < nics.size(); i++) {
            int index = i;
            Network network = networks.find(nics.get(i).networkId()).orElseThrow(
                    () -> new InvalidFieldException("nics[" + index + "].networkId", "No such network"));
            vm.addNic(network, macs.next(), nics.get(i).modelOrDefault());
        }
    }

    /** The parts a {@code vm.conf} names, which must exist here; any complaint names the folder. */
    Template templateNamed(String name, Long teamId) {
        return templates.findForTeam(name, teamId)
                .orElseThrow(() -> new InvalidFieldException("folder", "Its template " + name + " does not exist here"));
    }

    Image imageNamed(String name) {
        return images.findByName(name)
                .orElseThrow(() -> new InvalidFieldException("folder", "Its boot image " + name + " does not exist here"));
    }

    /** A registered VM's network cards keep their MAC addresses unless another VM uses one already. */
    void addRegisteredNic(Vm vm, VmConfig.Nic nic) {
        Network network = networks.findByName(nic.network()).orElseThrow(
                () -> new InvalidFieldException("folder", "Its network " + nic.network() + " does not exist here"));
        vm.addNic(network, vms.existsByNicsMac(nic.mac()) ? macs.next() : nic.mac(), nic.model());
    }
}
