package io.vireo.console.console;

import java.time.Instant;

/** Permission for one console connection: one user, one VM, used once before {@code expiresAt}. */
public record ConsoleTicket(String ticket, Long vmId, String username, boolean viewOnly, Instant expiresAt) {

    /** Where the browser opens the WebSocket, with {@code ?ticket=}. */
    public String path() {
        return ConsoleWebSocketConfiguration.PATH_PREFIX + vmId;
    }
}
