package io.vireo.console.console;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The console's RFB output over a WebSocket. A session closed under it (the user was disabled, the viewer left)
 * must end the RFB session like any lost connection; CI saw the closed socket's IllegalStateException escape
 * the console thread instead.
 */
class WebSocketOutputTest {

    @Test
    void aClosedSocketEndsTheSessionAsALostConnection() throws Exception {
        WebSocketSession socket = mock(WebSocketSession.class);
        doThrow(new IllegalStateException("Message will not be sent because the WebSocket session has been closed"))
                .when(socket).sendMessage(any(WebSocketMessage.class));
        WebSocketOutput output = new WebSocketOutput(socket);
        output.write("RFB 003.008\n".getBytes());

        assertThatThrownBy(output::flush).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
