package io.vireo.console.console;

import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Outcome;

/**
 * Lets a console WebSocket open only with the signed-in user's own unused ticket for this VM, sent from a
 * page of this console (the Origin names our host): a link or a page elsewhere cannot ride the session.
 */
final class ConsoleHandshake implements HandshakeInterceptor {
    static final String TICKET = "consoleTicket";

    private final ConsoleTickets tickets;
    private final AuditLog audit;

    ConsoleHandshake(ConsoleTickets tickets, AuditLog audit) {
        this.tickets = tickets;
        this.audit = audit;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        Principal user = request.getPrincipal();
        Optional<Long> vmId = vmId(request.getURI());
        if (user == null || vmId.isEmpty() || !sameOrigin(request)) {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            return false;
        }
        String ticket = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("ticket");
        Optional<ConsoleTicket> redeemed = tickets.redeem(ticket, vmId.get(), user.getName());
        if (redeemed.isEmpty()) {
            audit.record(user.getName(), "console.open", "VM", vmId.get(), "no valid ticket", Outcome.DENIED);
            response.setStatusCode(HttpStatus.FORBIDDEN);
            return false;
        }
        attributes.put(TICKET, redeemed.get());
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }

    private static Optional<Long> vmId(URI uri) {
        String path = uri.getPath();
        if (path == null || !path.startsWith(ConsoleWebSocketConfiguration.PATH_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(path.substring(ConsoleWebSocketConfiguration.PATH_PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Browsers always send Origin on WebSockets; it must be this console's own scheme, host and port. */
    private static boolean sameOrigin(ServerHttpRequest request) {
        String origin = request.getHeaders().getOrigin();
        String host = request.getHeaders().getFirst("Host");
        if (origin == null || host == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            String expectedScheme = "https".equals(request.getURI().getScheme())
                    || "wss".equals(request.getURI().getScheme()) ? "https" : "http";
            String originHost = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return expectedScheme.equals(o.getScheme()) && host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
