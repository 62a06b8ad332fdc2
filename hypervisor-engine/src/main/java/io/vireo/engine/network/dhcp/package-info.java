/** A virtual network's DHCP server: the lease pool, reservations, expiry, and the replies it sends. */
package io.vireo.engine.network.dhcp;
