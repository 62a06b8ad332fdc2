package io.vireo.console.vm;

import jakarta.validation.constraints.NotNull;

/** Plug a running NIC's cable in ({@code up}) or pull it. */
public record LinkRequest(@NotNull Boolean up) {
}
