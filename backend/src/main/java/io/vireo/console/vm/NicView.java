package io.vireo.console.vm;

import java.util.List;
import java.util.Optional;

import io.vireo.console.engine.NicStatus;

/**
 * A network card with what the engine says of it while the VM runs ({@code status}: link, leased address,
 * counters; empty while it is off) and its port forwards.
 */
public record NicView(VmView.Nic nic, Optional<NicStatus> status, List<Forward> forwards) {

    public record Forward(Long id, ForwardProtocol protocol, String hostAddress, int hostPort, int guestPort,
            String createdBy) {

        static Forward of(VmForward f) {
            return new Forward(f.getId(), f.getProtocol(), f.getHostAddress(), f.getHostPort(), f.getGuestPort(),
                    f.getCreatedBy());
        }
    }
}
