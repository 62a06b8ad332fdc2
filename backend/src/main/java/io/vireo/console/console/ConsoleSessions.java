package io.vireo.console.console;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Outcome;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.VmQueries;

/** Who is connected to which VM's console, so the console page can show them and an admin can end one. */
@Service
public class ConsoleSessions {
    static final CloseStatus DISCONNECTED = new CloseStatus(4001, "disconnected by an administrator");

    private record Entry(ConsoleConnection connection, WebSocketSession socket) {
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

    void opened(ConsoleConnection connection, WebSocketSession socket) {
        sessions.put(connection.id(), new Entry(connection, socket));
        audit.record(connection.user(), "console.open", "VM", connection.vmId(),
                connection.viewOnly() ? "view only" : "with input", Outcome.SUCCEEDED);
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
        try {
            entry.socket().close(DISCONNECTED);
        } catch (IOException e) {
            // already closing; it leaves the list when it has
        }
    }
}
