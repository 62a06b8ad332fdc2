package io.vireo.engine.vm;

import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkAttachment;
import io.vireo.engine.network.NetworkException;

/**
 * Where a suspended VM's NICs plug in when it resumes. A network is a live switch, not something a saved
 * folder can hold, so whoever resumes the VM names one for each card: the console its own networks, the
 * command line a NAT network per card.
 */
@FunctionalInterface
public interface NicNetworks {
    /** For a VM saved without NICs: a NIC in its spec is an error. */
    NicNetworks NONE = (index, mac) -> {
        throw new NetworkException("the saved VM has a NIC (" + mac + ") and no network was given for it");
    };

    /** The network the {@code index}-th NIC of the saved spec (counting NICs only), with this MAC, joins. */
    NetworkAttachment networkFor(int index, MacAddress mac) throws NetworkException;
}
