package io.vireo.engine.network.gateway;

import java.time.Duration;

/**
 * What one network's gateway allows itself and each guest: queue depths, flow counts, buffer sizes and the
 * timeouts after which a flow is given up. Bounded everywhere so a guest flooding its gateway exhausts its
 * own share, never the host or the other guests.
 *
 * @param inboxPerGuest frames queued per guest MAC before further frames from it are dropped
 * @param tcpFlowsPerGuest TCP flows one guest MAC may hold open (beyond: its SYNs are reset)
 * @param tcpFlowsTotal TCP flows the whole network may hold open
 * @param udpFlowsPerGuest UDP flows (host sockets) one guest MAC may hold open
 * @param udpFlowsTotal UDP flows the whole network may hold open
 * @param tcpBuffer bytes buffered per TCP flow and direction; also the window offered to the guest
 * @param synTimeout how long a handshake may take
 * @param tcpIdle how long a TCP flow may see no traffic either way before both ends are reset
 * @param udpIdle how long a UDP flow lives without a datagram either way
 * @param retransmit the first retransmission timeout for data the guest has not acknowledged (doubles after)
 * @param retransmissions how many times unacknowledged data is resent before the flow is reset
 * @param ackDelay how long the acknowledgment of less than two full segments of guest data may wait for more
 *     ({@link DelayedAck}); well below the guest's tail-loss probe (10 ms at least), so the wait never makes
 *     the guest send again
 */
public record GatewayLimits(int inboxPerGuest, int tcpFlowsPerGuest, int tcpFlowsTotal, int udpFlowsPerGuest, int udpFlowsTotal,
                            int tcpBuffer, Duration synTimeout, Duration tcpIdle, Duration udpIdle,
                            Duration retransmit, int retransmissions, Duration ackDelay) {
    public GatewayLimits {
        if (inboxPerGuest < 1 || tcpFlowsPerGuest < 1 || tcpFlowsTotal < 1 || udpFlowsPerGuest < 1 || udpFlowsTotal < 1) {
            throw new IllegalArgumentException("gateway limits must allow at least one frame and flow");
        }
        if (tcpBuffer < 4096 || tcpBuffer > 1 << 24) {
            throw new IllegalArgumentException("a TCP buffer is 4 KiB..16 MiB, was " + tcpBuffer);
        }
    }

    public static GatewayLimits defaults() {
        return new GatewayLimits(1024, 512, 4096, 256, 2048, 256 * 1024, Duration.ofSeconds(10), Duration.ofHours(2),
                Duration.ofSeconds(60), Duration.ofMillis(500), 8, Duration.ofMillis(2));
    }
}
