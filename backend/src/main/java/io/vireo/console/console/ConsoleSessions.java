package io.vireo.console.console;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Outcome;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.engine.DisplaySession;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Caller;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.VmQueries;

/**
 * Who is connected to which VM's console, so the console page can show them, an admin can end one, and a
 * connection ends the moment its user may no longer have it.
 */
@Service
public class ConsoleSessions {
    static final CloseStatus DISCONNECTED = new CloseStatus(4001, "disconnected by an administrator");
    static final CloseStatus ACCESS_WITHDRAWN = new CloseStatus(4003, "your access to this VM changed");

    /** A connection: what it shows, the team whose VM it is, the viewer's socket and the screen session. */
    private record Entry(ConsoleConnection connection, Long teamId, WebSocketSession socket, DisplaySession display) {
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final VmQueries vms;
    private final AccessPolicy access;
    private final AuditLog audit;

    ConsoleSessions(VmQueries vms, AccessPolicy access, AuditLog audit) {
        this.vms = vms;
        this.access = access;
        this.audit = audit;
    }

    /** Records the connection, then checks its user's rights once more: they may have changed since the handshake. */
    void opened(ConsoleConnection connection, Long teamId, WebSocketSession socket, DisplaySession display) {
        sessions.put(connection.id(), new Entry(connection, teamId, socket, display));
        audit.record(connection.user(), "console.open", "VM", connection.vmId(),
                connection.viewOnly() ? "view only" : "with input", Outcome.SUCCEEDED);
        recheck(connection.user());
    }

    void closed(String id) {
        sessions.remove(id);
    }

    @Transactional(readOnly = true)
    public List<ConsoleConnection> list(Long vmId) {
        vms.authorized(vmId, Permission.VIEW);
        return sessions.values().stream().map(Entry::connection).filter(c -> c.vmId().equals(vmId))
                .sorted(Comparator.comparing(ConsoleConnection::connectedAt)).toList();
    }

    /** Admins may end anyone's console connection. */
    @Transactional(readOnly = true)
    public void disconnect(Long vmId, String id) {
        vms.authorized(vmId, Permission.VIEW);
        access.requireAdmin();
        Entry entry = sessions.get(id);
        if (entry == null || !entry.connection().vmId().equals(vmId)) {
            throw new NotFoundException("Console connection", id);
        }
        audit.record(AuditLog.currentActor(), "console.disconnect", "VM", vmId,
                "ended " + entry.connection().user() + "'s connection", Outcome.SUCCEEDED);
        end(entry, DISCONNECTED);
    }

    /**
     * Ends each of the user's connections their rights no longer cover: all of them once the user is disabled
     * or leaves the VM's team, those with input once they may no longer operate the VM.
     */
    void recheck(String username) {
        Optional<Caller> rights = access.current(username);
        for (Entry entry : sessions.values()) {
            if (entry.connection().user().equals(username) && !allowed(entry, rights)) {
                audit.record(username, "console.close", "VM", entry.connection().vmId(), "access withdrawn",
                        Outcome.SUCCEEDED);
                end(entry, ACCESS_WITHDRAWN);
            }
        }
    }

    private static boolean allowed(Entry entry, Optional<Caller> rights) {
        return rights.filter(r -> r.can(entry.teamId(), Permission.VIEW))
                .filter(r -> entry.connection().viewOnly() || r.can(entry.teamId(), Permission.OPERATE))
                .isPresent();
    }

    /**
     * Closes the socket with the reason, then the screen session at once (not when the socket's close comes
     * round), so no key the viewer had queued reaches the guest.
     */
    private void end(Entry entry, CloseStatus status) {
        sessions.remove(entry.connection().id());
        try {
            entry.socket().close(status);
        } catch (IOException e) {
            // already closing
        }
        entry.display().close();
    }
}
