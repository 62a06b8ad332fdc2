package io.vireo.console.vm;

import java.time.Instant;

import io.vireo.console.vm.internal.VmEvent;

public record VmEventView(Instant at, String kind, String message) {

    static VmEventView of(VmEvent event) {
        return new VmEventView(event.getAt(), event.getKind(), event.getMessage());
    }
}
