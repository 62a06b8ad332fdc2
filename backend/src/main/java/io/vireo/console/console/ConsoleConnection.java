package io.vireo.console.console;

import java.time.Instant;

/** A viewer connected to a VM's console, as the console page lists them. */
public record ConsoleConnection(String id, Long vmId, String user, boolean viewOnly, Instant connectedAt) {
}
