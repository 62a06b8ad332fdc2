package io.vireo.console.console;

import java.time.Clock;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.engine.HostDriver;

/** The console WebSocket: {@code /console/ws/vms/{id}?ticket=…}, speaking RFB as binary messages. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class ConsoleWebSocketConfiguration implements WebSocketConfigurer {
    static final String PATH_PREFIX = "/console/ws/vms/";

    private final HostDriver runtime;
    private final ConsoleSessions sessions;
    private final ConsoleTickets tickets;
    private final AuditLog audit;
    private final Clock clock;

    ConsoleWebSocketConfiguration(HostDriver runtime, ConsoleSessions sessions, ConsoleTickets tickets, AuditLog audit,
            Clock clock) {
        this.runtime = runtime;
        this.sessions = sessions;
        this.tickets = tickets;
        this.audit = audit;
        this.clock = clock;
    }

    /** Origins are checked by {@link ConsoleHandshake} against the request's own host, behind proxies too. */
    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new ConsoleWebSocketHandler(runtime, sessions, clock), PATH_PREFIX + "*")
                .addInterceptors(new ConsoleHandshake(tickets, audit))
                .setAllowedOriginPatterns("*");
    }
}
