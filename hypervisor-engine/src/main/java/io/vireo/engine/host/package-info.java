/** Calls into the host's C library, for what the JDK does not offer (anonymous mappings, ICMP sockets, TAP devices). */
package io.vireo.engine.host;
