/**
 * A virtual network's Ethernet switch: learning with aging, flooding, per-port MAC anti-spoofing, VLAN
 * access and trunk ports, counters and token-bucket rate limits.
 */
package io.vireo.engine.network.sw;
