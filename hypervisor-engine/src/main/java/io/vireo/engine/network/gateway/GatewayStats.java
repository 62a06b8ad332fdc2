package io.vireo.engine.network.gateway;

/**
 * What a network's gateway did: frames it dropped (queue full, malformed, or of a kind it does not handle),
 * flows it refused (the mode forbids them, or a guest's limit was reached), pings to the outside it could not
 * send (no ping socket), the flows open now, and faults: events the gateway's own bugs made it drop.
 */
public record GatewayStats(long inboxDrops, long malformed, long refused, long icmpDropped, int tcpFlows,
                           int udpFlows, long faults) {
}
