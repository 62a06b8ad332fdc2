package io.vireo.console.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Caller;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.VmQueries;
import io.vireo.console.vm.VmView;

/**
 * Issues and redeems console tickets. A ticket alone opens nothing: the WebSocket must also come from the
 * same signed-in user, for the same VM, from our own origin, within {@link #VALIDITY}, and only once; and the
 * user must still be enabled and hold the right when it opens, whatever they held when it was issued.
 */
@Service
public class ConsoleTickets {
    public static final Duration VALIDITY = Duration.ofSeconds(30);

    private final Map<String, ConsoleTicket> open = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final VmQueries vms;
    private final AccessPolicy access;
    private final Clock clock;

    ConsoleTickets(VmQueries vms, AccessPolicy access, Clock clock) {
        this.vms = vms;
        this.access = access;
        this.clock = clock;
    }

    /** Anyone who may see the VM gets a ticket; those who may not operate it watch without input. */
    @Transactional(readOnly = true)
    public ConsoleTicket issue(Long vmId) {
        VmView vm = vms.get(vmId);
        Caller caller = access.caller();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Instant now = clock.instant();
        open.values().removeIf(t -> !t.expiresAt().isAfter(now));
        ConsoleTicket ticket = new ConsoleTicket(Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                vm.id(), vm.teamId(), caller.username(), !caller.can(vm.teamId(), Permission.OPERATE),
                now.plus(VALIDITY));
        open.put(ticket.ticket(), ticket);
        return ticket;
    }

    /**
     * Takes the ticket out of circulation and answers it if it fits this user and VM, is still valid, and the
     * user may still see the VM; view-only if they may no longer operate it.
     */
    public Optional<ConsoleTicket> redeem(String ticket, Long vmId, String username) {
        if (ticket == null) {
            return Optional.empty();
        }
        ConsoleTicket found = open.remove(ticket);
        if (found == null || !found.vmId().equals(vmId) || !found.username().equals(username)
                || !found.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return access.current(username).filter(rights -> rights.can(found.teamId(), Permission.VIEW))
                .map(rights -> rights.can(found.teamId(), Permission.OPERATE) ? found : found.asViewOnly());
    }
}
