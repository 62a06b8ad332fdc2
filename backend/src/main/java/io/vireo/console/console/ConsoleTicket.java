package io.vireo.console.console;

import java.time.Instant;

/** Permission for one console connection: one user, one VM (of {@code teamId}), used once before {@code expiresAt}. */
public record ConsoleTicket(String ticket, Long vmId, Long teamId, String username, boolean viewOnly,
        Instant expiresAt) {

    /** Where the browser opens the WebSocket, with {@code ?ticket=}. */
    public String path() {
        return ConsoleWebSocketConfiguration.PATH_PREFIX + vmId;
    }

    ConsoleTicket asViewOnly() {
        return new ConsoleTicket(ticket, vmId, teamId, username, true, expiresAt);
    }
}
