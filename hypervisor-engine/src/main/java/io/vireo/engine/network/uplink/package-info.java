/**
 * A bridged network's uplink: a host TAP device, on its own or enslaved to a host bridge, whose frames the
 * network's switch exchanges with the host's kernel.
 */
package io.vireo.engine.network.uplink;
