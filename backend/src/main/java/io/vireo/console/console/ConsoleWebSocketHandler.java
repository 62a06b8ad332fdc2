package io.vireo.console.console;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

import io.vireo.console.engine.DisplaySession;
import io.vireo.console.engine.HostDriver;

/**
 * Bridges a noVNC WebSocket to an RFB session on the VM's screen. The RFB session runs on its own virtual
 * thread; the viewer's messages feed its input and its flushes become binary messages. Sends go through a
 * bounded buffer, so a viewer on a slow link is dropped rather than holding anything up.
 */
final class ConsoleWebSocketHandler extends BinaryWebSocketHandler implements SubProtocolCapable {
    static final CloseStatus VM_OFF = new CloseStatus(4002, "the VM is not running or has no screen");
    private static final int SEND_TIME_LIMIT_MS = 20_000;
    private static final int SEND_BUFFER_LIMIT = 32 << 20;
    private static final Logger log = LoggerFactory.getLogger(ConsoleWebSocketHandler.class);

    private final HostDriver runtime;
    private final ConsoleSessions sessions;
    private final Clock clock;
    private final Map<String, WebSocketInput> inputs = new ConcurrentHashMap<>();

    ConsoleWebSocketHandler(HostDriver runtime, ConsoleSessions sessions, Clock clock) {
        this.runtime = runtime;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Older noVNC versions ask for the "binary" subprotocol; newer ones ask for none. */
    @Override
    public List<String> getSubProtocols() {
        return List.of("binary");
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
        ConsoleTicket ticket = (ConsoleTicket) raw.getAttributes().get(ConsoleHandshake.TICKET);
        WebSocketSession socket = new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, SEND_BUFFER_LIMIT);
        WebSocketInput input = new WebSocketInput();
        Optional<DisplaySession> display = runtime.openDisplay(ticket.vmId(), ticket.username(), input,
                new WebSocketOutput(socket), ticket.viewOnly());
        if (display.isEmpty()) {
            raw.close(VM_OFF);
            return;
        }
        inputs.put(raw.getId(), input);
        sessions.opened(new ConsoleConnection(raw.getId(), ticket.vmId(), ticket.username(), ticket.viewOnly(),
                clock.instant()), ticket.teamId(), raw, display.get());
        Thread.ofVirtual().name("console-" + raw.getId()).start(() -> {
            try (DisplaySession session = display.get()) {
                session.run();
            } catch (IOException e) {
                log.debug("console session {} ended: {}", raw.getId(), e.getMessage());
            } finally {
                try {
                    raw.close(CloseStatus.NORMAL);
                } catch (IOException e) {
                    // the viewer is gone already
                }
            }
        });
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        WebSocketInput input = inputs.get(session.getId());
        if (input != null) {
            byte[] bytes = new byte[message.getPayloadLength()];
            message.getPayload().get(bytes);
            input.offer(bytes);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        WebSocketInput input = inputs.remove(session.getId());
        if (input != null) {
            input.close();
        }
        sessions.closed(session.getId());
    }
}
