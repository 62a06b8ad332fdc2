package io.vireo.engine.devices.virtio.net;

import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.PortCounters;

/**
 * What the console may do with one running NIC: read its MAC and counters, and pull its cable. A link
 * taken down stays down for this power-on; a new power-on starts with the link up.
 */
public interface NicControl {
    MacAddress mac();

    boolean linkUp();

    /** Raises or drops the link; the guest's driver is told through a configuration-change interrupt. */
    void setLinkUp(boolean up);

    /** Frames and bytes the guest received and sent, and frames dropped, since this power-on. */
    PortCounters counters();
}
